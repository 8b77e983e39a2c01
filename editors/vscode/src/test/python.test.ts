import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe as suite, test } from 'node:test';

import {
  type PythonChoice,
  type PythonIO,
  MIN_PYTHON_TEXT,
  findPython,
  isSupported,
  parseVersion,
  pythonProblemMessage,
  pythonVersion,
} from '../python';

/** A machine: executables on PATH by name, and the version each interpreter reports. */
function machine(onPath: Record<string, string>, versions: Record<string, string>, calls: string[] = []): PythonIO {
  return {
    which: async (c) => (calls.push(`which ${c}`), onPath[c]),
    isExecutable: async (f) => (calls.push(`exec ${f}`), f in versions),
    pythonVersion: async (p) => (calls.push(`version ${p}`), versions[p]),
  };
}

function failed(choice: PythonChoice): Extract<PythonChoice, { ok: false }> {
  assert.ok(!choice.ok, JSON.stringify(choice));
  return choice;
}

suite('findPython: which interpreter runs the bundled dfls', () => {
  const everywhere = machine(
    { python3: '/usr/bin/python3', python: '/usr/bin/python', py312: '/opt/py312/bin/python3.12' },
    {
      '/opt/py312/bin/python3.12': '3.12.4',
      '/home/u/.venv/bin/python': '3.13.0',
      '/usr/bin/python3': '3.11.2',
      '/usr/bin/python': '3.11.2',
    },
  );

  test('dfls.interpreter comes first', async () => {
    const choice = await findPython({ interpreter: '/opt/py312/bin/python3.12', pythonExtension: '/home/u/.venv/bin/python' }, everywhere);
    assert.ok(choice.ok);
    assert.deepEqual(choice.python, { path: '/opt/py312/bin/python3.12', version: '3.12.4', source: 'dfls.interpreter' });
  });

  test('a command name in dfls.interpreter is looked up on PATH', async () => {
    const choice = await findPython({ interpreter: 'py312' }, everywhere);
    assert.ok(choice.ok);
    assert.equal(choice.python.path, '/opt/py312/bin/python3.12');
  });

  test('then the Python extension interpreter', async () => {
    const choice = await findPython({ interpreter: '', pythonExtension: '/home/u/.venv/bin/python' }, everywhere);
    assert.ok(choice.ok);
    assert.deepEqual(choice.python, { path: '/home/u/.venv/bin/python', version: '3.13.0', source: 'Python extension' });
    assert.deepEqual(choice.tried, []);
  });

  test('then python3 on PATH', async () => {
    const calls: string[] = [];
    const io = machine({ python3: '/usr/bin/python3', python: '/usr/bin/python2' }, { '/usr/bin/python3': '3.11.0' }, calls);
    const choice = await findPython({ interpreter: '' }, io);
    assert.ok(choice.ok);
    assert.deepEqual(choice.python, { path: '/usr/bin/python3', version: '3.11.0', source: 'PATH' });
    assert.deepEqual(calls, ['which python3', 'version /usr/bin/python3']); // stops at the first fit
  });

  test('a too-old Python extension interpreter is passed over for a newer python3', async () => {
    const io = machine({ python3: '/usr/bin/python3' }, { '/ws/.venv/bin/python': '3.9.18', '/usr/bin/python3': '3.12.0' });
    const choice = await findPython({ interpreter: '', pythonExtension: '/ws/.venv/bin/python' }, io);
    assert.ok(choice.ok);
    assert.equal(choice.python.path, '/usr/bin/python3');
    assert.deepEqual(choice.tried, ['Python extension: /ws/.venv/bin/python is Python 3.9.18, older than 3.11']);
  });

  test('python when python3 is missing or too old; the same file is not asked twice', async () => {
    const calls: string[] = [];
    const io = machine(
      { python3: '/usr/bin/python3.10', python: '/opt/bin/python' },
      { '/usr/bin/python3.10': '3.10.12', '/opt/bin/python': '3.11.9' },
      calls,
    );
    const choice = await findPython({ interpreter: '', pythonExtension: '/usr/bin/python3.10' }, io);
    assert.ok(choice.ok);
    assert.equal(choice.python.path, '/opt/bin/python');
    assert.equal(calls.filter((c) => c === 'version /usr/bin/python3.10').length, 1);
  });

  test('an explicit dfls.interpreter that is too old is an error: no guessing past it', async () => {
    const calls: string[] = [];
    const io = machine({ python3: '/usr/bin/python3' }, { '/opt/py38/bin/python': '3.8.10', '/usr/bin/python3': '3.12.0' }, calls);
    const choice = failed(await findPython({ interpreter: '/opt/py38/bin/python' }, io));
    assert.equal(choice.explicit, true);
    assert.deepEqual(choice.tooOld, [{ path: '/opt/py38/bin/python', version: '3.8.10', source: 'dfls.interpreter' }]);
    assert.ok(!calls.includes('which python3'));
    const message = pythonProblemMessage(choice, '/opt/py38/bin/python');
    assert.equal(
      message,
      'dfls needs Python 3.11 or newer, and `dfls.interpreter` ("/opt/py38/bin/python") is Python 3.8.10 (/opt/py38/bin/python). ' +
        'Point `dfls.interpreter` at Python 3.11 or newer, or clear it.',
    );
  });

  test('a dfls.interpreter that is missing or does not run is an error', async () => {
    const io = machine({}, { '/bin/false': 'not python' });
    const missing = failed(await findPython({ interpreter: '/nope/python' }, io));
    assert.deepEqual(missing.tried, ['dfls.interpreter = "/nope/python": not found']);
    assert.match(pythonProblemMessage(missing, '/nope/python'), /`dfls\.interpreter` \("\/nope\/python"\) does not run as Python/);
  });

  test('only too-old Pythons: the message names the version needed and the ones found', async () => {
    const io = machine({ python3: '/usr/bin/python3', python: '/usr/bin/python' }, { '/usr/bin/python3': '3.10.12', '/usr/bin/python': '2.7.18' });
    const choice = failed(await findPython({ interpreter: '' }, io));
    assert.equal(choice.explicit, false);
    assert.equal(
      pythonProblemMessage(choice, ''),
      'dfls needs Python 3.11 or newer to run its language server, and found only ' +
        'Python 3.10.12 (/usr/bin/python3), Python 2.7.18 (/usr/bin/python). ' +
        'Install Python 3.11 or newer, or set `dfls.interpreter` to one.',
    );
  });
});

suite('versions', () => {
  test('parseVersion and isSupported', () => {
    assert.equal(MIN_PYTHON_TEXT, '3.11');
    assert.deepEqual(parseVersion('3.12.1'), [3, 12, 1]);
    assert.deepEqual(parseVersion('3.13'), [3, 13, 0]);
    assert.equal(parseVersion('Python'), undefined);
    assert.equal(isSupported('3.11.0'), true);
    assert.equal(isSupported('3.10.99'), false);
    assert.equal(isSupported('4.0.0'), true);
    assert.equal(isSupported('2.7.18'), false);
    assert.equal(isSupported(''), false);
  });

  test('pythonVersion runs the interpreter, and is undefined for what is not Python', async () => {
    assert.match((await pythonVersion(process.env['DFLS_TEST_PYTHON'] ?? 'python3')) ?? '', /^3\.\d+\.\d+$/);
    assert.equal(await pythonVersion('/nonexistent/python'), undefined);
    const dir = mkdtempSync(path.join(tmpdir(), 'dfls-python-'));
    try {
      const fake = path.join(dir, 'python');
      writeFileSync(fake, '#!/bin/sh\necho hello\n');
      chmodSync(fake, 0o755);
      assert.equal(await pythonVersion(fake), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
