import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

import {
  CLIENT_SETTING_KEYS,
  type Inspected,
  SERVER_SETTING_KEYS,
  explicitValue,
  needsRestart,
  serverSettings,
  trustedValue,
} from '../settings';

test('explicitValue takes the most specific scope the user set', () => {
  assert.equal(explicitValue(undefined), undefined);
  assert.equal(explicitValue({}), undefined);
  assert.equal(explicitValue({ globalValue: 1 }), 1);
  assert.equal(explicitValue({ globalValue: 1, workspaceValue: 2 }), 2);
  assert.equal(explicitValue({ globalValue: 1, workspaceValue: 2, workspaceFolderValue: 3 }), 3);
  assert.equal(explicitValue({ workspaceValue: false }), false);
});

test('serverSettings sends only what the user set, and drops null', () => {
  const inspected: Record<string, Inspected> = {
    select: { globalValue: null },
    ignore: { workspaceValue: ['DF101'] },
    unsafeFixes: { globalValue: true },
    severity: { workspaceFolderValue: { DF401: 'error' } },
    targetStage: {},
  };
  assert.deepEqual(
    serverSettings((key) => inspected[key]),
    { ignore: ['DF101'], unsafeFixes: true, severity: { DF401: 'error' } },
  );
  assert.deepEqual(serverSettings(() => undefined), {});
});

test('needsRestart: server path, args, interpreter, import strategy and log level restart; rule settings do not', () => {
  assert.equal(needsRestart((s) => s === 'dfls.server.path'), true);
  assert.equal(needsRestart((s) => s === 'dfls.interpreter'), true);
  assert.equal(needsRestart((s) => s === 'dfls.importStrategy'), true);
  assert.equal(needsRestart((s) => s === 'dfls.logLevel'), true);
  assert.equal(needsRestart((s) => s === 'dfls.ignore'), false);
});

test('trustedValue ignores workspace values in an untrusted workspace', () => {
  const inspected = { globalValue: '/usr/bin/dfls', workspaceValue: './evil' };
  assert.equal(trustedValue(inspected, true, ''), './evil');
  assert.equal(trustedValue(inspected, false, ''), '/usr/bin/dfls');
  assert.equal(trustedValue({ workspaceValue: './evil' }, false, ''), '');
});

test('package.json declares exactly these settings (server keys + client keys + trace)', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, unknown> }[] };
  };
  const declared = manifest.contributes.configuration.flatMap((group) => Object.keys(group.properties)).sort();
  const expected = [...SERVER_SETTING_KEYS, ...CLIENT_SETTING_KEYS, 'trace.server'].map((k) => `dfls.${k}`).sort();
  assert.deepEqual(declared, expected);
});

test('package.json: the settings that choose a program are restricted in untrusted workspaces', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), [
    'dfls.importStrategy',
    'dfls.interpreter',
    'dfls.server.args',
    'dfls.server.path',
  ]);
});
