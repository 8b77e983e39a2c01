// Installs dfls and its Python dependencies into bundled/libs, which the .vsix ships and
// bundled/tool/launch.py puts on sys.path (`npm run package` runs this before `vsce package`).
//
// The dependencies come from bundled/requirements.txt: pinned, hash-checked, and only
// pure-Python wheels (`--implementation py --abi none --platform any`), so one .vsix serves
// every platform; the check at the end fails the build if anything compiled slipped in.
// dfls itself is built from this checkout by pip (a wheel, as `pip install .` makes it).
//
// The Python that runs pip: $DFLS_BUNDLE_PYTHON, else the checkout's .venv (.ci/setup), else
// python3 on PATH. It needs pip and the index (or a wheel cache) for the pinned wheels.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.resolve(ext, '..', '..');
const libs = path.join(ext, 'bundled', 'libs');
const windows = process.platform === 'win32';

function buildPython() {
  if (process.env.DFLS_BUNDLE_PYTHON) return process.env.DFLS_BUNDLE_PYTHON;
  const venv = windows ? path.join(root, '.venv', 'Scripts', 'python.exe') : path.join(root, '.venv', 'bin', 'python');
  return existsSync(venv) ? venv : windows ? 'python' : 'python3';
}

function pipInstall(python, args) {
  const argv = ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-compile', '--no-deps'];
  const result = spawnSync(python, [...argv, '--target', libs, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    const why = result.error ? String(result.error) : `exit ${result.status}`;
    throw new Error(`bundle: ${python} -m pip install ${args.join(' ')} failed (${why})`);
  }
}

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

const python = buildPython();
rmSync(libs, { recursive: true, force: true });
pipInstall(python, [
  '--require-hashes',
  '--only-binary=:all:',
  '--implementation', 'py',
  '--abi', 'none',
  '--platform', 'any',
  '--python-version', '3.11',
  '--requirement', path.join(ext, 'bundled', 'requirements.txt'),
]);
pipInstall(python, [root]);
// Console scripts name the build machine's Python; direct_url.json its checkout path.
rmSync(path.join(libs, 'bin'), { recursive: true, force: true });
let bytes = 0;
const compiled = [];
for (const file of files(libs)) {
  if (path.basename(file) === 'direct_url.json') {
    rmSync(file);
    continue;
  }
  if (/\.(so|pyd|dylib|dll|exe)$/i.test(file) || file.includes(`${path.sep}__pycache__${path.sep}`)) compiled.push(file);
  bytes += statSync(file).size;
}
if (compiled.length) {
  throw new Error(`bundle: bundled/libs must be pure Python for a universal .vsix, but has:\n  ${compiled.join('\n  ')}`);
}
const packages = readdirSync(libs).filter((name) => name.endsWith('.dist-info')).map((name) => name.slice(0, -'.dist-info'.length));
console.log(`bundle: ${packages.join(', ')} into bundled/libs (${(bytes / 1024 / 1024).toFixed(1)} MB)`);
