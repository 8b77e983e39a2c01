// Finding a Python that can run the dfls bundled with the extension. Free of the `vscode`
// module so that `node --test` covers it.
//
// Candidates, in order: the `dfls.interpreter` setting; the interpreter selected in the Python
// extension; `python3`, then `python` on PATH. The first that runs and is new enough wins.
// An explicit `dfls.interpreter` that does not fit is an error, not a reason to guess.

import { execFile } from 'node:child_process';

/** The oldest Python dfls runs on (pyproject.toml `requires-python`). */
export const MIN_PYTHON: readonly [number, number] = [3, 11];
export const MIN_PYTHON_TEXT = `${MIN_PYTHON[0]}.${MIN_PYTHON[1]}`;

export type PythonSource = 'dfls.interpreter' | 'Python extension' | 'PATH';

export interface PythonFound {
  path: string;
  /** `sys.version_info[:3]` as `3.12.1`. */
  version: string;
  source: PythonSource;
}

export interface PythonIO {
  /** The absolute path of an executable on PATH, or undefined. */
  which(command: string): Promise<string | undefined>;
  /** Whether `file` exists and is executable. */
  isExecutable(file: string): Promise<boolean>;
  /** The version `python` reports (`3.12.1`), or undefined when it does not run. */
  pythonVersion(python: string): Promise<string | undefined>;
}

export interface FindPythonInput {
  /** `dfls.interpreter`, trimmed and expanded; empty when unset. */
  interpreter: string;
  /** The Python extension's selected interpreter, when there is one. */
  pythonExtension?: string | undefined;
}

export type PythonChoice =
  | { ok: true; python: PythonFound; tried: string[] }
  | {
      ok: false;
      tried: string[];
      /** Whether the failure is `dfls.interpreter`'s (then nothing else was tried). */
      explicit: boolean;
      /** The interpreters that ran but are older than MIN_PYTHON. */
      tooOld: PythonFound[];
    };

/** `[major, minor, micro]` from `3.12.1` (a missing micro counts as 0), or undefined. */
export function parseVersion(text: string): [number, number, number] | undefined {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?/.exec(text.trim());
  if (!match) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? '0')];
}

export function isSupported(version: string): boolean {
  const parsed = parseVersion(version);
  if (!parsed) return false;
  const [major, minor] = parsed;
  return major > MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor >= MIN_PYTHON[1]);
}

/** A name without a path separator is looked up on PATH; a path must be executable. */
export async function locate(command: string, io: Pick<PythonIO, 'which' | 'isExecutable'>): Promise<string | undefined> {
  const isName = !command.includes('/') && !command.includes('\\');
  if (isName) return io.which(command);
  return (await io.isExecutable(command)) ? command : undefined;
}

export async function findPython(input: FindPythonInput, io: PythonIO): Promise<PythonChoice> {
  const tried: string[] = [];
  const tooOld: PythonFound[] = [];
  // Runs one candidate: returns it when it fits, records why not otherwise.
  const check = async (path: string, source: PythonSource, label: string): Promise<PythonFound | undefined> => {
    const version = await io.pythonVersion(path);
    if (version === undefined) {
      tried.push(`${label}: ${path} did not run as Python`);
      return undefined;
    }
    const found = { path, version, source };
    if (isSupported(version)) return found;
    tried.push(`${label}: ${path} is Python ${version}, older than ${MIN_PYTHON_TEXT}`);
    tooOld.push(found);
    return undefined;
  };

  if (input.interpreter) {
    const label = `dfls.interpreter = ${JSON.stringify(input.interpreter)}`;
    const path = await locate(input.interpreter, io);
    const found = path === undefined ? undefined : await check(path, 'dfls.interpreter', label);
    if (found) return { ok: true, python: found, tried };
    if (path === undefined) tried.push(`${label}: not found`);
    return { ok: false, tried, explicit: true, tooOld };
  }

  const seen = new Set<string>();
  if (input.pythonExtension) {
    seen.add(input.pythonExtension);
    const found = await check(input.pythonExtension, 'Python extension', 'Python extension');
    if (found) return { ok: true, python: found, tried };
  } else {
    tried.push('Python extension: no interpreter selected (or the extension is not installed)');
  }
  for (const name of ['python3', 'python']) {
    const path = await io.which(name);
    if (path === undefined) {
      tried.push(`${name} on PATH: not found`);
      continue;
    }
    if (seen.has(path)) continue;
    seen.add(path);
    const found = await check(path, 'PATH', `${name} on PATH`);
    if (found) return { ok: true, python: found, tried };
  }
  return { ok: false, tried, explicit: false, tooOld };
}

/** The notification when no Python fits: it names the version dfls needs and what it found. */
export function pythonProblemMessage(choice: Extract<PythonChoice, { ok: false }>, interpreter: string): string {
  const need = `Python ${MIN_PYTHON_TEXT} or newer`;
  const old = choice.tooOld.map((p) => `Python ${p.version} (${p.path})`).join(', ');
  if (choice.explicit) {
    const what = old ? `is ${old}` : 'does not run as Python';
    return `dfls needs ${need}, and \`dfls.interpreter\` (${JSON.stringify(interpreter)}) ${what}. Point \`dfls.interpreter\` at ${need}, or clear it.`;
  }
  const found = old ? `found only ${old}` : 'found no Python (looked at the Python extension\'s interpreter, then python3 and python on PATH)';
  return `dfls needs ${need} to run its language server, and ${found}. Install ${need}, or set \`dfls.interpreter\` to one.`;
}

// Python 2 can run this too, so an old interpreter reports its version instead of failing.
const VERSION_CODE = "import sys; sys.stdout.write('%d.%d.%d' % tuple(sys.version_info[:3]))";

export function pythonVersion(python: string, timeoutMs = 15000): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(python, ['-c', VERSION_CODE], { timeout: timeoutMs }, (error, stdout) => {
      const text = String(stdout).trim();
      resolve(error || !parseVersion(text) ? undefined : text);
    });
  });
}
