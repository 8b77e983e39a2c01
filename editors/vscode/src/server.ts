// Finding the dfls server to run. Free of the `vscode` module so that `node --test` covers it.
//
// Resolution order:
//   1. the `dfls.server.path` setting (an executable path, or a command name looked up on PATH);
//      when set it is used or reported broken, never second-guessed;
//   2. with `dfls.importStrategy` = `fromEnvironment`, a dfls the user installed:
//      `<python> -m dfls server` in `dfls.interpreter` or the Python extension's interpreter
//      when `import dfls` works there, else `dfls` on PATH; when none is installed, 3.;
//   3. the dfls bundled with the extension (the default), run by a Python 3.11+ that
//      python.ts finds: `<python> -I -S bundled/tool/launch.py server`.
// When none works the caller shows `problemMessage(...)` with a button to the output channel.

import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

import {
  type PythonChoice,
  type PythonFound,
  type PythonIO,
  findPython,
  locate,
  pythonProblemMessage,
  pythonVersion,
} from './python';

export type ServerSource = 'setting' | 'python' | 'path' | 'bundled';

export type ImportStrategy = 'useBundled' | 'fromEnvironment';

export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
  /** The interpreter that runs the bundled dfls (source `bundled`). */
  python?: PythonFound;
}

export interface ResolveInput {
  /** `dfls.server.path`, already trimmed; empty when unset. */
  serverPath: string;
  /** `dfls.server.args`. */
  serverArgs: readonly string[];
  /** `dfls.logLevel`. */
  logLevel: string;
  /** `dfls.importStrategy`; undefined means `useBundled`. */
  importStrategy?: ImportStrategy | undefined;
  /** `dfls.interpreter`, trimmed; empty or undefined when unset. */
  interpreter?: string | undefined;
  /** The bundled launcher (`bundled/tool/launch.py`); undefined when the build has no bundle. */
  launcher?: string | undefined;
  /** The Python extension's selected interpreter, when there is one. */
  pythonInterpreter?: string | undefined;
  /** For `${workspaceFolder}` in `dfls.server.path` and `dfls.interpreter`. */
  workspaceFolder?: string | undefined;
}

export interface ResolveIO extends PythonIO {
  /** Whether `python -c "import dfls"` succeeds. */
  pythonHasDfls(python: string): Promise<boolean>;
}

/** Why no server could be started; `problemMessage` turns it into the notification. */
export type Problem =
  | { kind: 'serverPath'; value: string; reason: string }
  | { kind: 'python'; choice: Extract<PythonChoice, { ok: false }>; interpreter: string }
  | { kind: 'noBundle' };

export type Resolution =
  | { ok: true; server: ServerCommand; tried: string[] }
  | { ok: false; tried: string[]; problem: Problem };

/** Arguments after the executable: `server --stdio --log-level LEVEL [extra...]`. */
export function serverArgs(logLevel: string, extra: readonly string[]): string[] {
  return ['server', '--stdio', '--log-level', logLevel || 'warning', ...extra];
}

/** Expands a leading `~` and `${workspaceFolder}`, `${userHome}`, `${env:NAME}`. */
export function expandPath(
  value: string,
  workspaceFolder: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  let out = value.replace(/\$\{(workspaceFolder|userHome|env:([A-Za-z_][A-Za-z0-9_]*))\}/g, (all, name: string, envName?: string) => {
    if (name === 'userHome') return home;
    if (name === 'workspaceFolder') return workspaceFolder ?? all;
    return env[envName ?? ''] ?? '';
  });
  if (out === '~' || out.startsWith('~/')) out = home + out.slice(1);
  return out;
}

export async function resolveServer(input: ResolveInput, io: ResolveIO): Promise<Resolution> {
  const args = (head: string[]) => [...head, ...serverArgs(input.logLevel, input.serverArgs)];
  const tried: string[] = [];

  if (input.serverPath) {
    const expanded = expandPath(input.serverPath, input.workspaceFolder);
    const found = await locate(expanded, io);
    if (found) return { ok: true, server: { command: found, args: args([]), source: 'setting' }, tried };
    // An explicit setting that does not work is an error, not a reason to guess.
    const isName = !expanded.includes('/') && !expanded.includes('\\');
    const reason = isName ? 'not found on PATH' : 'not an executable file';
    tried.push(`dfls.server.path = ${JSON.stringify(input.serverPath)}: ${reason}`);
    return { ok: false, tried, problem: { kind: 'serverPath', value: input.serverPath, reason } };
  }

  const interpreter = input.interpreter ? expandPath(input.interpreter, input.workspaceFolder) : '';
  if (input.importStrategy === 'fromEnvironment') {
    const installed = await installedServer(interpreter, input.pythonInterpreter, io, tried);
    if (installed) return { ok: true, server: { ...installed, args: args(installed.args) }, tried };
    tried.push('dfls.importStrategy = fromEnvironment: no installed dfls found, using the bundled one');
  }

  if (!input.launcher) {
    tried.push('bundled dfls: missing from this build of the extension');
    return { ok: false, tried, problem: { kind: 'noBundle' } };
  }
  const choice = await findPython({ interpreter, pythonExtension: input.pythonInterpreter }, io);
  tried.push(...choice.tried);
  if (!choice.ok) return { ok: false, tried, problem: { kind: 'python', choice, interpreter: input.interpreter ?? '' } };
  // -I: neither the working directory nor PYTHON* variables nor user site-packages reach
  // the server; -S: nor site-packages, so the bundled libraries are all it imports.
  const server = { command: choice.python.path, args: args(['-I', '-S', input.launcher]), source: 'bundled' as const };
  return { ok: true, server: { ...server, python: choice.python }, tried };
}

/** A dfls the user installed: `python -m dfls` where `import dfls` works, else `dfls` on PATH. */
async function installedServer(
  interpreter: string,
  pythonExtension: string | undefined,
  io: ResolveIO,
  tried: string[],
): Promise<ServerCommand | undefined> {
  const pythons: [string, string][] = [];
  if (interpreter) {
    const found = await locate(interpreter, io);
    if (found) pythons.push([found, 'dfls.interpreter']);
    else tried.push(`dfls.interpreter = ${JSON.stringify(interpreter)}: not found`);
  }
  if (pythonExtension) pythons.push([pythonExtension, 'the selected Python environment']);
  for (const [python, where] of pythons) {
    if (await io.pythonHasDfls(python)) return { command: python, args: ['-m', 'dfls'], source: 'python' };
    tried.push(`${python} -m dfls: dfls is not installed in ${where}`);
  }
  const onPath = await io.which('dfls');
  if (onPath) return { command: onPath, args: [], source: 'path' };
  tried.push('dfls on PATH: not found');
  return undefined;
}

/** The notification shown when no server can start, and the details for the output channel. */
export function problemMessage(problem: Problem, tried: readonly string[]): { message: string; details: string } {
  const details = ['Could not start the dfls language server. Tried:', ...tried.map((t) => `  - ${t}`)].join('\n');
  switch (problem.kind) {
    case 'serverPath':
      return {
        message:
          `dfls: \`dfls.server.path\` (${JSON.stringify(problem.value)}) is ${problem.reason}. ` +
          'Correct it, or clear it to use the dfls bundled with the extension.',
        details,
      };
    case 'python':
      return { message: pythonProblemMessage(problem.choice, problem.interpreter), details };
    case 'noBundle':
      return {
        message:
          'dfls: this build of the extension has no bundled dfls (build it with `npm run package`), ' +
          'so set `dfls.server.path` to a dfls you installed.',
        details,
      };
  }
}

/** A human-readable command line for the output channel. */
export function describe(server: ServerCommand): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  const python = server.python ? `; Python ${server.python.version} from ${server.python.source}` : '';
  return [server.command, ...server.args].map(quote).join(' ') + `  (from ${server.source}${python})`;
}

// ---- default I/O ----------------------------------------------------------------------------

function executable(file: string): Promise<boolean> {
  const mode = process.platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK;
  return access(file, mode).then(
    () => true,
    () => false,
  );
}

export async function whichOnPath(
  command: string,
  envPath: string = process.env['PATH'] ?? '',
  isExecutable: (file: string) => Promise<boolean> = executable,
): Promise<string | undefined> {
  const exts = process.platform === 'win32' ? (process.env['PATHEXT'] ?? '.EXE;.CMD;.BAT').split(';') : [''];
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (await isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

export function pythonHasDfls(python: string, timeoutMs = 15000): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(python, ['-c', 'import dfls'], { timeout: timeoutMs }, (error) => resolve(!error));
  });
}

export const defaultIO: ResolveIO = {
  which: (command) => whichOnPath(command),
  isExecutable: executable,
  pythonHasDfls: (python) => pythonHasDfls(python),
  pythonVersion: (python) => pythonVersion(python),
};
