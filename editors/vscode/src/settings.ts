// The settings sent to the server. Free of the `vscode` module so that `node --test` covers it.
//
// The server's settings are the keys of dfls/engine/config.py `Settings`, in camelCase under `dfls.*`
// (tests/test_editor_schema.py checks that package.json and Settings agree). Only the values
// the user actually set are sent: a default in VS Code must not override the project's
// `.dfls.toml`, so an unset key is left out and the server falls back to the file.

/** Settings that go to the server (initializationOptions and workspace/configuration). */
export const SERVER_SETTING_KEYS = [
  'select',
  'extendSelect',
  'ignore',
  'severity',
  'rules',
  'unsafeFixes',
  'failLevel',
  'targetStage',
  'exclude',
  'docsUrl',
  'format',
  'shellcheck',
  'inlayHints',
] as const;

/** Settings the extension itself uses to start the server; a change restarts it. */
export const CLIENT_SETTING_KEYS = ['server.path', 'server.args', 'interpreter', 'importStrategy', 'logLevel'] as const;

export type ServerSettingKey = (typeof SERVER_SETTING_KEYS)[number];

/** The shape of `WorkspaceConfiguration.inspect(key)`, reduced to what matters here. */
export interface Inspected {
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
  globalLanguageValue?: unknown;
  workspaceLanguageValue?: unknown;
  workspaceFolderLanguageValue?: unknown;
}

/** The most specific value the user set, or undefined when every scope is unset. */
export function explicitValue(inspected: Inspected | undefined): unknown {
  if (!inspected) return undefined;
  const order = [
    inspected.workspaceFolderLanguageValue,
    inspected.workspaceFolderValue,
    inspected.workspaceLanguageValue,
    inspected.workspaceValue,
    inspected.globalLanguageValue,
    inspected.globalValue,
  ];
  return order.find((v) => v !== undefined);
}

/**
 * The server settings object: explicitly set keys only, `null` values dropped
 * (`null` means "not set" for `select` and `targetStage`).
 */
export function serverSettings(inspect: (key: ServerSettingKey) => Inspected | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_SETTING_KEYS) {
    const value = explicitValue(inspect(key));
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

/** Whether a configuration change needs the server process restarted (vs. just re-read). */
export function needsRestart(affects: (section: string) => boolean): boolean {
  return CLIENT_SETTING_KEYS.some((key) => affects(`dfls.${key}`));
}

/**
 * Untrusted workspaces: `dfls.server.path`, `dfls.server.args`, `dfls.interpreter` and
 * `dfls.importStrategy` choose what program runs, so only the user's own (global) values
 * count there.
 */
export function trustedValue<T>(inspected: Inspected | undefined, trusted: boolean, fallback: T): T {
  const value = trusted ? explicitValue(inspected) : inspected?.globalValue;
  return value === undefined || value === null ? fallback : (value as T);
}
