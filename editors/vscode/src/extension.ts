// The VS Code side of dfls: starts `dfls server`, wires settings and commands.
// Decisions live in server.ts and settings.ts (no `vscode` there, unit-tested with node --test);
// this file only talks to the VS Code API.

import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  RevealOutputChannelOn,
  type ServerOptions,
} from 'vscode-languageclient/node';

import { type ImportStrategy, defaultIO, describe, problemMessage, resolveServer } from './server';
import { needsRestart, type ServerSettingKey, serverSettings, trustedValue } from './settings';

const SECTION = 'dfls';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('dfls');

/** The part of the Python extension's API we use (ms-python.python `environments`). */
interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(
      env: { id: string; path: string } | string,
    ): Promise<{ executable: { uri?: vscode.Uri | undefined } } | undefined>;
    onDidChangeActiveEnvironmentPath: vscode.Event<unknown>;
  };
}

let controller: Controller | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('dfls', { log: true });
  const trace = vscode.window.createOutputChannel('dfls Trace', { log: true });
  controller = new Controller(output, trace, bundledLauncher(context));
  context.subscriptions.push(
    output,
    trace,
    { dispose: () => void controller?.stop() },
    vscode.commands.registerCommand('dfls.restartServer', () => controller?.restart()),
    vscode.commands.registerCommand('dfls.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('dfls.fixAll', () => fixAll()),
    vscode.workspace.onDidChangeConfiguration((event) => controller?.onConfigurationChanged(event)),
    vscode.workspace.onDidGrantWorkspaceTrust(() => controller?.restart()),
  );
  const python = await pythonApi();
  const onEnv = python?.environments?.onDidChangeActiveEnvironmentPath;
  if (onEnv) context.subscriptions.push(onEnv(() => controller?.onPythonEnvironmentChanged()));
  await controller.start();
}

export async function deactivate(): Promise<void> {
  await controller?.stop();
  controller = undefined;
}

class Controller {
  private client: LanguageClient | undefined;
  private source: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private restarting = false;

  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly trace: vscode.LogOutputChannel,
    private readonly launcher: string | undefined,
  ) {}

  start(): Promise<void> {
    return this.serialize(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.serialize(() => this.doStop());
  }

  restart(): Promise<void> {
    this.restarting = true; // set before the client's own listeners see the same change
    return this.serialize(async () => {
      await this.doStop();
      await this.doStart();
    }).finally(() => {
      this.restarting = false;
    });
  }

  onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    // Rule settings need nothing here: dfls registers for workspace/didChangeConfiguration,
    // so the client notifies it and it pulls `workspace/configuration` (the middleware
    // below answers). Settings that shape the process restart it.
    if (event.affectsConfiguration(SECTION) && needsRestart((section) => event.affectsConfiguration(section))) {
      void this.restart();
    }
  }

  onPythonEnvironmentChanged(): void {
    // The Python extension's interpreter matters only when no setting names the program.
    const config = vscode.workspace.getConfiguration(SECTION);
    if (!config.get<string>('server.path', '').trim() && !config.get<string>('interpreter', '').trim()) {
      void this.restart();
    }
  }

  private serialize(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step, step);
    return this.queue;
  }

  private async doStart(): Promise<void> {
    const config = vscode.workspace.getConfiguration(SECTION);
    const trusted = vscode.workspace.isTrusted;
    const folder = vscode.workspace.workspaceFolders?.[0];
    const resolution = await resolveServer(
      {
        serverPath: trustedValue(config.inspect<string>('server.path'), trusted, '').trim(),
        serverArgs: trustedValue(config.inspect<string[]>('server.args'), trusted, []),
        interpreter: trustedValue(config.inspect<string>('interpreter'), trusted, '').trim(),
        importStrategy: trustedValue<ImportStrategy>(config.inspect('importStrategy'), trusted, 'useBundled'),
        launcher: this.launcher,
        logLevel: config.get<string>('logLevel', 'warning'),
        pythonInterpreter: await pythonInterpreter(folder?.uri),
        workspaceFolder: folder?.uri.fsPath,
      },
      defaultIO,
    );
    if (!resolution.ok) {
      const { message, details } = problemMessage(resolution.problem, resolution.tried);
      this.output.appendLine(details);
      const settings = resolution.problem.kind === 'python' ? 'dfls.interpreter' : 'dfls.server';
      void vscode.window.showErrorMessage(message, 'Show Output', 'Open Settings').then((choice) => {
        if (choice === 'Show Output') this.output.show(true);
        if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', settings);
      });
      return;
    }
    const { server } = resolution;
    if (resolution.tried.length) this.output.appendLine(['Passed over:', ...resolution.tried.map((t) => `  - ${t}`)].join('\n'));
    this.source = server.source;
    this.output.appendLine(`Starting: ${describe(server)}`);
    const serverOptions: ServerOptions = {
      command: server.command,
      args: server.args,
      options: folder ? { cwd: folder.uri.fsPath } : {},
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'dockerfile' },
        { scheme: 'untitled', language: 'dockerfile' },
      ],
      outputChannel: this.output,
      traceOutputChannel: this.trace,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: { settings: settingsFor(undefined) },
      middleware: {
        workspace: {
          // No notification to a server that is about to be replaced.
          didChangeConfiguration: (sections, next) => (this.restarting ? Promise.resolve() : next(sections)),
          // Answer `workspace/configuration` for section `dfls` with the server's settings
          // only (explicitly set ones), not the whole section with client-only keys.
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) return result;
            return params.items.map((item, i) =>
              item.section === SECTION
                ? settingsFor(item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined)
                : result[i],
            );
          },
        },
      },
    };
    this.client = new LanguageClient(SECTION, 'dfls', serverOptions, clientOptions);
    try {
      await this.client.start();
    } catch (error) {
      this.output.appendLine(`The server failed to start: ${String(error)}`);
      void vscode.window
        .showErrorMessage(`dfls: the language server failed to start (${describe(server)}).`, 'Show Output')
        .then((choice) => choice && this.output.show(true));
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.stop();
      } catch (error) {
        this.output.appendLine(`Stopping the server: ${String(error)}`);
      }
    }
    if (this.source) this.output.appendLine('Server stopped.');
    this.source = undefined;
  }
}

/** The launcher of the dfls bundled in the .vsix, when this build has one (`npm run package`). */
function bundledLauncher(context: vscode.ExtensionContext): string | undefined {
  const launcher = context.asAbsolutePath('bundled/tool/launch.py');
  const bundled = existsSync(launcher) && existsSync(context.asAbsolutePath('bundled/libs/dfls/__init__.py'));
  return bundled ? launcher : undefined;
}

function settingsFor(scope: vscode.Uri | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  return serverSettings((key: ServerSettingKey) => config.inspect(key));
}

async function pythonApi(): Promise<PythonExtensionApi | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (!extension) return undefined;
  try {
    return extension.isActive ? extension.exports : await extension.activate();
  } catch {
    return undefined;
  }
}

async function pythonInterpreter(resource: vscode.Uri | undefined): Promise<string | undefined> {
  try {
    const environments = (await pythonApi())?.environments;
    if (!environments) return undefined;
    const resolved = await environments.resolveEnvironment(environments.getActiveEnvironmentPath(resource));
    return resolved?.executable.uri?.fsPath;
  } catch {
    return undefined;
  }
}

/** `dfls: Fix all`: applies the server's `source.fixAll.dfls` action to the active file. */
async function fixAll(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'dockerfile') return;
  const document = editor.document;
  const whole = new vscode.Range(0, 0, document.lineCount, 0);
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      whole,
      FIX_ALL_KIND.value,
      1,
    )) ?? [];
  const action = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind));
  if (!action || (!action.edit && !action.command)) {
    void vscode.window.showInformationMessage('dfls: nothing to fix in this file.');
    return;
  }
  if (action.edit) await vscode.workspace.applyEdit(action.edit);
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}
