// Finding the dfls server to run. Free of the `vscode` module so that `node --test` covers it.
//
// Resolution order (the first that works wins):
//   1. the `dfls.server.path` setting (an executable path, or a command name looked up on PATH);
//   2. the interpreter selected in the Python extension, when `import dfls` works there:
//      `<python> -m dfls server`;
//   3. `dfls` on PATH.
// When none works the caller shows `notFoundMessage(...)` with a button to the output channel.

import { execFile } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'python' | 'path';

export interface ServerCommand {
  command: string;
  args: string[];
  source: ServerSource;
}

export interface ResolveInput {
  /** `dfls.server.path`, already trimmed; empty when unset. */
  serverPath: string;
  /** `dfls.server.args`. */
  serverArgs: readonly string[];
  /** `dfls.logLevel`. */
  logLevel: string;
  /** The Python extension's selected interpreter, when there is one. */
  pythonInterpreter?: string | undefined;
  /** For `${workspaceFolder}` in `dfls.server.path`. */
  workspaceFolder?: string | undefined;
}

export interface ResolveIO {
  /** The absolute path of an executable on PATH, or undefined. */
  which(command: string): Promise<string | undefined>;
  /** Whether `file` exists and is executable. */
  isExecutable(file: string): Promise<boolean>;
  /** Whether `python -c "import dfls"` succeeds. */
  pythonHasDfls(python: string): Promise<boolean>;
}

export type Resolution =
  | { ok: true; server: ServerCommand; tried: string[] }
  | { ok: false; tried: string[] };

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
  const tried: string[] = [];
  const args = (head: string[]) => [...head, ...serverArgs(input.logLevel, input.serverArgs)];

  if (input.serverPath) {
    const expanded = expandPath(input.serverPath, input.workspaceFolder);
    const isName = !expanded.includes('/') && !expanded.includes('\\');
    const found = isName ? await io.which(expanded) : (await io.isExecutable(expanded)) ? expanded : undefined;
    if (found) return { ok: true, server: { command: found, args: args([]), source: 'setting' }, tried };
    // An explicit setting that does not work is an error, not a reason to guess.
    tried.push(`dfls.server.path = ${JSON.stringify(input.serverPath)}: ${isName ? 'not found on PATH' : 'not an executable file'}`);
    return { ok: false, tried };
  }

  if (input.pythonInterpreter) {
    if (await io.pythonHasDfls(input.pythonInterpreter)) {
      return {
        ok: true,
        server: { command: input.pythonInterpreter, args: args(['-m', 'dfls']), source: 'python' },
        tried,
      };
    }
    tried.push(`${input.pythonInterpreter} -m dfls: dfls is not installed in the selected Python environment`);
  } else {
    tried.push('Python extension: no interpreter selected (or the extension is not installed)');
  }

  const onPath = await io.which('dfls');
  if (onPath) return { ok: true, server: { command: onPath, args: args([]), source: 'path' }, tried };
  tried.push('dfls on PATH: not found');
  return { ok: false, tried };
}

/** The notification shown when no server was found, and the details for the output channel. */
export function notFoundMessage(tried: readonly string[]): { message: string; details: string } {
  return {
    message:
      'dfls: the language server was not found. Install it with `pip install dfls` ' +
      '(in the Python environment selected in VS Code, or anywhere on PATH), ' +
      'or set `dfls.server.path`.',
    details: ['Could not start the dfls language server. Tried:', ...tried.map((t) => `  - ${t}`)].join('\n'),
  };
}

/** A human-readable command line for the output channel. */
export function describe(server: ServerCommand): string {
  const quote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
  return [server.command, ...server.args].map(quote).join(' ') + `  (from ${server.source})`;
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
};
