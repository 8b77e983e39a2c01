import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe as suite, test } from 'node:test';

import {
  type ResolveIO,
  type ResolveInput,
  describe,
  expandPath,
  notFoundMessage,
  resolveServer,
  serverArgs,
  whichOnPath,
} from '../server';

function io(overrides: Partial<ResolveIO> & { calls?: string[] } = {}): ResolveIO {
  const calls = overrides.calls ?? [];
  return {
    which: overrides.which ?? (async (c) => (calls.push(`which ${c}`), undefined)),
    isExecutable: overrides.isExecutable ?? (async (f) => (calls.push(`exec ${f}`), false)),
    pythonHasDfls: overrides.pythonHasDfls ?? (async (p) => (calls.push(`python ${p}`), false)),
  };
}

const base: ResolveInput = { serverPath: '', serverArgs: [], logLevel: 'warning' };

suite('resolveServer', () => {
  test('dfls.server.path wins and is not second-guessed', async () => {
    const calls: string[] = [];
    const r = await resolveServer(
      { ...base, serverPath: '/opt/dfls/bin/dfls', pythonInterpreter: '/usr/bin/python3' },
      io({ calls, isExecutable: async (f) => (calls.push(`exec ${f}`), true) }),
    );
    assert.deepEqual(r, {
      ok: true,
      server: {
        command: '/opt/dfls/bin/dfls',
        args: ['server', '--stdio', '--log-level', 'warning'],
        source: 'setting',
      },
      tried: [],
    });
    assert.deepEqual(calls, ['exec /opt/dfls/bin/dfls']);
  });

  test('a bare command name in dfls.server.path is looked up on PATH', async () => {
    const r = await resolveServer(
      { ...base, serverPath: 'dfls-dev' },
      io({ which: async (c) => (c === 'dfls-dev' ? '/usr/local/bin/dfls-dev' : undefined) }),
    );
    assert.ok(r.ok);
    assert.equal(r.server.command, '/usr/local/bin/dfls-dev');
  });

  test('a broken dfls.server.path is an error, with no fallback', async () => {
    const r = await resolveServer(
      { ...base, serverPath: '~/nope/dfls' },
      io({ which: async () => '/usr/bin/dfls', pythonHasDfls: async () => true }),
    );
    assert.equal(r.ok, false);
    assert.match(r.tried[0] ?? '', /dfls\.server\.path = "~\/nope\/dfls": not an executable file/);
  });

  test('the Python extension interpreter runs `python -m dfls server` when dfls is installed there', async () => {
    const r = await resolveServer(
      { ...base, pythonInterpreter: '/ws/.venv/bin/python', logLevel: 'debug', serverArgs: ['--log-file', '/tmp/x'] },
      io({ pythonHasDfls: async (p) => p === '/ws/.venv/bin/python', which: async () => '/usr/bin/dfls' }),
    );
    assert.deepEqual(r, {
      ok: true,
      server: {
        command: '/ws/.venv/bin/python',
        args: ['-m', 'dfls', 'server', '--stdio', '--log-level', 'debug', '--log-file', '/tmp/x'],
        source: 'python',
      },
      tried: [],
    });
  });

  test('falls back to dfls on PATH when the interpreter lacks dfls', async () => {
    const r = await resolveServer(
      { ...base, pythonInterpreter: '/usr/bin/python3' },
      io({ which: async (c) => (c === 'dfls' ? '/home/u/.local/bin/dfls' : undefined) }),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.server, {
      command: '/home/u/.local/bin/dfls',
      args: ['server', '--stdio', '--log-level', 'warning'],
      source: 'path',
    });
    assert.deepEqual(r.tried, ['/usr/bin/python3 -m dfls: dfls is not installed in the selected Python environment']);
  });

  test('nothing found: every attempt is reported', async () => {
    const r = await resolveServer(base, io());
    assert.equal(r.ok, false);
    assert.deepEqual(r.tried, [
      'Python extension: no interpreter selected (or the extension is not installed)',
      'dfls on PATH: not found',
    ]);
    const { message, details } = notFoundMessage(r.tried);
    assert.match(message, /pip install dfls/);
    assert.match(message, /dfls\.server\.path/);
    assert.match(details, /- dfls on PATH: not found/);
  });
});

suite('helpers', () => {
  test('serverArgs defaults the log level', () => {
    assert.deepEqual(serverArgs('', []), ['server', '--stdio', '--log-level', 'warning']);
  });

  test('expandPath expands ~ and variables', () => {
    const env = { VENV: '/v' };
    assert.equal(expandPath('~/bin/dfls', '/ws', env, '/home/u'), '/home/u/bin/dfls');
    assert.equal(expandPath('${workspaceFolder}/.venv/bin/dfls', '/ws', env, '/h'), '/ws/.venv/bin/dfls');
    assert.equal(expandPath('${env:VENV}/bin/dfls', undefined, env, '/h'), '/v/bin/dfls');
    assert.equal(expandPath('${userHome}/dfls', undefined, env, '/h'), '/h/dfls');
    assert.equal(expandPath('${workspaceFolder}/x', undefined, env, '/h'), '${workspaceFolder}/x');
    assert.equal(expandPath('/a~b', '/ws', env, '/h'), '/a~b');
  });

  test('describe quotes what needs quoting', () => {
    assert.equal(
      describe({ command: '/my dir/python', args: ['-m', 'dfls', 'server'], source: 'python' }),
      "'/my dir/python' -m dfls server  (from python)",
    );
  });

  test('whichOnPath finds an executable and skips a non-executable file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'dfls-which-'));
    try {
      mkdirSync(path.join(dir, 'a'));
      mkdirSync(path.join(dir, 'b'));
      writeFileSync(path.join(dir, 'a', 'dfls'), '#!/bin/sh\n');
      chmodSync(path.join(dir, 'a', 'dfls'), 0o644);
      writeFileSync(path.join(dir, 'b', 'dfls'), '#!/bin/sh\n');
      chmodSync(path.join(dir, 'b', 'dfls'), 0o755);
      const envPath = [path.join(dir, 'a'), '', path.join(dir, 'b')].join(path.delimiter);
      assert.equal(await whichOnPath('dfls', envPath), path.join(dir, 'b', 'dfls'));
      assert.equal(await whichOnPath('nope', envPath), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
