import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import * as os from 'node:os';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe as suite, test } from 'node:test';

import {
  type ResolveIO,
  type ResolveInput,
  describe,
  expandPath,
  problemMessage,
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
    pythonVersion: overrides.pythonVersion ?? (async (p) => (calls.push(`version ${p}`), undefined)),
  };
}

const base: ResolveInput = { serverPath: '', serverArgs: [], logLevel: 'warning' };
// The user's own dfls, as the extension found it before it bundled one.
const env: ResolveInput = { ...base, importStrategy: 'fromEnvironment', launcher: '/ext/bundled/tool/launch.py' };
const LAUNCHER = '/ext/bundled/tool/launch.py';

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
      { ...base, serverPath: '~/nope/dfls', launcher: LAUNCHER },
      io({ which: async () => '/usr/bin/dfls', pythonHasDfls: async () => true, pythonVersion: async () => '3.12.1' }),
    );
    assert.equal(r.ok, false);
    assert.match(r.tried[0] ?? '', /dfls\.server\.path = "~\/nope\/dfls": not an executable file/);
    assert.ok(!r.ok);
    const { message } = problemMessage(r.problem, r.tried);
    assert.match(message, /`dfls\.server\.path` \("~\/nope\/dfls"\) is not an executable file/);
    assert.match(message, /clear it to use the dfls bundled with the extension/);
    assert.doesNotMatch(message, /pip install/);
  });

  test('the Python extension interpreter runs `python -m dfls server` when dfls is installed there', async () => {
    const r = await resolveServer(
      { ...env, pythonInterpreter: '/ws/.venv/bin/python', logLevel: 'debug', serverArgs: ['--log-file', '/tmp/x'] },
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
      { ...env, pythonInterpreter: '/usr/bin/python3' },
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
    const r = await resolveServer({ ...base, launcher: LAUNCHER }, io());
    assert.ok(!r.ok);
    assert.deepEqual(r.tried, [
      'Python extension: no interpreter selected (or the extension is not installed)',
      'python3 on PATH: not found',
      'python on PATH: not found',
    ]);
    const { message, details } = problemMessage(r.problem, r.tried);
    assert.match(message, /dfls needs Python 3\.11 or newer/);
    assert.match(message, /found no Python/);
    assert.match(message, /dfls\.interpreter/);
    assert.doesNotMatch(message, /pip install/);
    assert.match(details, /- python3 on PATH: not found/);
  });
});

suite('resolveServer: the bundled dfls', () => {
  const python312 = io({
    which: async (c) => (c === 'python3' ? '/usr/bin/python3' : c === 'dfls' ? '/usr/bin/dfls' : undefined),
    pythonVersion: async () => '3.12.1',
    pythonHasDfls: async () => true,
  });

  test('is the default, even with dfls installed: python -I -S launch.py server', async () => {
    const r = await resolveServer({ ...base, launcher: LAUNCHER }, python312);
    assert.deepEqual(r, {
      ok: true,
      server: {
        command: '/usr/bin/python3',
        args: ['-I', '-S', LAUNCHER, 'server', '--stdio', '--log-level', 'warning'],
        source: 'bundled',
        python: { path: '/usr/bin/python3', version: '3.12.1', source: 'PATH' },
      },
      tried: ['Python extension: no interpreter selected (or the extension is not installed)'],
    });
    assert.ok(r.ok);
    assert.match(describe(r.server), /launch\.py server .* \(from bundled; Python 3\.12\.1 from PATH\)$/);
  });

  test('fromEnvironment falls back to it when no dfls is installed', async () => {
    const r = await resolveServer(
      { ...env, pythonInterpreter: '/ws/.venv/bin/python' },
      io({ pythonVersion: async () => '3.11.4' }),
    );
    assert.ok(r.ok);
    assert.equal(r.server.source, 'bundled');
    assert.equal(r.server.command, '/ws/.venv/bin/python');
    assert.deepEqual(r.tried, [
      '/ws/.venv/bin/python -m dfls: dfls is not installed in the selected Python environment',
      'dfls on PATH: not found',
      'dfls.importStrategy = fromEnvironment: no installed dfls found, using the bundled one',
    ]);
  });

  test('fromEnvironment asks dfls.interpreter first', async () => {
    const r = await resolveServer(
      { ...env, interpreter: '~/py/bin/python', pythonInterpreter: '/ws/.venv/bin/python' },
      io({ isExecutable: async () => true, pythonHasDfls: async () => true }),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.server.args.slice(0, 2), ['-m', 'dfls']);
    assert.equal(r.server.command, `${os.homedir()}/py/bin/python`);
  });

  test('a build without the bundle says so', async () => {
    const r = await resolveServer(base, python312);
    assert.ok(!r.ok);
    assert.match(problemMessage(r.problem, r.tried).message, /no bundled dfls .* set `dfls\.server\.path`/);
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
