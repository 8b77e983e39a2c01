// dfls in real VS Code: code-server (VS Code 1.100 in the browser) with the dfls extension
// installed from the built .vsix, driven in Debian's Chromium by playwright-core.
// Run by tests/e2e/test_editor_vscode.py, which reads the JSON report ($DFLS_E2E_REPORT).
//
// Steps, as a user would do them: open the Dockerfile with Quick Open; see dfls's problems in
// the Problems panel; hover the CMD arguments and read the rule's docs; Ctrl+. and pick the
// "Convert to exec form" quick fix, the problem goes away; run "dfls: Fix All" from the
// command palette; open a Containerfile and see its problems; "dfls: Show Output" tells which
// dfls runs (the bundled one: no dfls is installed); point dfls.server.path at an installed
// dfls ($DFLS_E2E_DFLS) and see the problems again; point it at a missing file and get a
// notification whose "Show Output" button opens the dfls output channel; point
// dfls.interpreter at a Python that is too old and get a notification naming the version needed.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const env = (name, fallback) => process.env[name] ?? fallback;
const WORKSPACE = env('DFLS_E2E_WORKSPACE');
const STATE = env('DFLS_E2E_STATE'); // user-data-dir, extensions dir, browser home
const REPORT = env('DFLS_E2E_REPORT');
const PORT = Number(env('DFLS_E2E_PORT', '18080'));
const TIMEOUT = Number(env('DFLS_E2E_TIMEOUT_MS', '30000'));
const CODE_SERVER = env('DFLS_E2E_CODE_SERVER', path.join(__dirname, 'node_modules/.bin/code-server'));
const CHROMIUM = env('DFLS_E2E_CHROMIUM', '/usr/bin/chromium');
const CMD_LINE = Number(env('DFLS_E2E_CMD_LINE', '2')); // 0-based line of the shell-form CMD
const INSTALLED_DFLS = env('DFLS_E2E_DFLS'); // a dfls executable, for dfls.server.path
const OLD_PYTHON = env('DFLS_E2E_OLD_PYTHON'); // an "interpreter" that reports Python 3.8

const report = { steps: [] };
const t0 = Date.now();
const norm = (s) => (s || '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
function step(name, extra = {}) {
  report.steps.push({ name, ms: Date.now() - t0, ...extra });
}

// Start code-server on WORKSPACE and open it in Chromium; `session.output()` is what
// code-server printed. Shared with navigation.js.
async function launch(session) {
  const userData = path.join(STATE, 'user-data');
  const extensions = path.join(STATE, 'extensions');
  const csEnv = { ...process.env, XDG_CONFIG_HOME: path.join(STATE, 'xdg-config'), XDG_DATA_HOME: path.join(STATE, 'xdg-data') };
  const cs = spawn(CODE_SERVER, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${PORT}`,
    '--user-data-dir', userData, '--extensions-dir', extensions,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', WORKSPACE,
  ], { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let csOut = '';
  cs.stdout.on('data', (d) => { csOut += d; });
  cs.stderr.on('data', (d) => { csOut += d; });
  session.cs = cs;
  session.output = () => csOut;
  const deadline = Date.now() + TIMEOUT;
  while (!/HTTP server listening/.test(csOut)) {
    if (Date.now() > deadline || cs.exitCode !== null) throw new Error('code-server did not start');
    await new Promise((r) => setTimeout(r, 50));
  }
  step('code-server listening');
  session.browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    env: { ...process.env, HOME: STATE, XDG_CONFIG_HOME: path.join(STATE, 'xdg-config') },
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await session.browser.newPage({ viewport: { width: 1400, height: 900 } });
  session.page = page;
  page.setDefaultTimeout(TIMEOUT);
  await page.goto(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(WORKSPACE)}`);
  await page.waitForSelector('.monaco-workbench .part.editor');
  step('workbench loaded');
  return page;
}

// Screenshot, report and shutdown, whatever happened.
async function close(session, error) {
  if (error) {
    report.error = String((error && error.stack) || error);
    if (session.page) await session.page.screenshot({ path: path.join(STATE, 'last-fail.png') }).catch(() => {});
  }
  report.code_server_log = session.output ? session.output().slice(-3000) : '';
  if (session.browser) await session.browser.close().catch(() => {});
  try { process.kill(-session.cs.pid, 'SIGTERM'); } catch { /* already gone */ }
  fs.writeFileSync(REPORT, JSON.stringify(report, null, 1));
  return report.ok ? 0 : 1;
}

async function main() {
  const session = {};
  try {
    const page = await launch(session);

    // (1) open the Dockerfile -> the extension activates on the dockerfile language
    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('Dockerfile');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor();
    await page.keyboard.press('Enter');
    const cmdLine = page.locator('.monaco-editor .view-line', { hasText: /^CMD\s/ }).first();
    await cmdLine.waitFor();
    report.language = norm(await page.locator('.statusbar-item[id$="status.editor.mode"]').textContent());
    step('Dockerfile open');

    // (2) the Problems panel lists dfls's diagnostics
    await page.keyboard.press('Control+Shift+M');
    const row = (code) => page.locator('.markers-panel .monaco-list-row', { hasText: code });
    await row('DF401').first().waitFor();
    await row('DF101').first().waitFor();
    report.problems = [];
    for (const r of await page.locator('.markers-panel .monaco-list-row').all()) report.problems.push(norm(await r.innerText()));
    step('problems listed');

    // (3) hover the CMD arguments: the rule's docs
    const box = await cmdLine.boundingBox();
    const hover = page.locator('.monaco-hover', { hasText: 'shell-form-command' });
    for (let attempt = 1; ; attempt++) { // the first hover can come before the server is ready
      await page.mouse.move(box.x + 90, box.y + box.height / 2);
      try {
        await hover.first().waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 4) throw e;
        await page.mouse.move(5, 5);
      }
    }
    report.hover = norm(await hover.first().innerText());
    step('hover shows the rule docs');
    await page.keyboard.press('Escape');
    await page.mouse.move(5, 5);

    // (4) Ctrl+. on the CMD line, pick "Convert to exec form"
    const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Convert to exec form' });
    for (let attempt = 1; ; attempt++) { // Ctrl+. can be lost while the workbench settles
      await cmdLine.click({ position: { x: 60, y: box.height / 2 } });
      await page.keyboard.press('Control+.');
      try {
        await item.first().waitFor({ state: 'visible', timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 4) throw e;
        await page.keyboard.press('Escape');
      }
    }
    report.quick_fixes = [];
    for (const r of await page.locator('.action-widget .monaco-list-row').all()) report.quick_fixes.push(norm(await r.innerText()));
    // the menu's pointer-block overlay swallows mouse clicks: choose with the keyboard
    for (let i = 0; i < 8 && !/\bfocused\b/.test(await item.first().getAttribute('class')); i++) {
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    const fixedLine = page.locator('.monaco-editor .view-line', { hasText: /^CMD\s\[/ }).first();
    await fixedLine.waitFor();
    report.fixed_line = (await fixedLine.innerText()).replace(/\u00a0/g, ' ');
    step('quick fix applied');
    await row('DF401').first().waitFor({ state: 'detached' });
    step('DF401 cleared');

    // (5) dfls: Fix All from the command palette (applies the safe fixes)
    const before = await editorText(page);
    await runCommand(page, 'dfls: Fix All');
    await page.waitForFunction((old) => {
      const lines = [...document.querySelectorAll('.monaco-editor .view-lines .view-line')];
      return lines.map((l) => l.textContent).join('\n').replace(/\u00a0/g, ' ') !== old;
    }, before);
    report.after_fix_all = await editorText(page);
    step('fix all applied');

    // (6) a Containerfile is a Dockerfile too
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('Containerfile');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Containerfile' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'Containerfile' }).first().waitFor();
    report.problems_with_containerfile = [];
    for (const r of await page.locator('.markers-panel .monaco-list-row').all()) {
      report.problems_with_containerfile.push(norm(await r.innerText()));
    }
    step('Containerfile linted');

    // (7) which dfls runs: the output channel says (the bundled one, nothing else is installed)
    await runCommand(page, 'dfls: Show Output');
    const started = (source) => page.locator('.part.panel .monaco-editor', { hasText: `(from ${source}` });
    await started('bundled').first().waitFor();
    report.output_bundled = norm(await started('bundled').first().innerText());
    step('bundled server named in the output');

    // (8) dfls.server.path names an installed dfls: the extension restarts with it
    const setWorkspaceSettings = (settings) => {
      fs.mkdirSync(path.join(WORKSPACE, '.vscode'), { recursive: true });
      fs.writeFileSync(path.join(WORKSPACE, '.vscode', 'settings.json'), JSON.stringify(settings));
    };
    setWorkspaceSettings({ 'dfls.server.path': INSTALLED_DFLS });
    await started('setting').first().waitFor();
    report.output_setting = norm(await started('setting').first().innerText());
    await page.keyboard.press('Control+Shift+M');
    await row('DF101').first().waitFor();
    step('installed dfls from dfls.server.path');

    // (9) a broken dfls.server.path: the extension restarts and says what to do
    setWorkspaceSettings({ 'dfls.server.path': '/nonexistent/dfls' });
    const toast = page.locator('.notification-toast', { hasText: 'not an executable file' });
    await toast.first().waitFor();
    report.notification = norm(await toast.first().innerText());
    step('not-found notification');
    await toast.first().locator('.monaco-button', { hasText: 'Show Output' }).click();
    const output = page.locator('.part.panel .monaco-editor', { hasText: 'not an executable file' });
    await output.first().waitFor();
    report.output = norm(await output.first().innerText());
    step('output channel shown');

    // (10) dfls.interpreter is too old: the notification names the version dfls needs
    setWorkspaceSettings({ 'dfls.interpreter': OLD_PYTHON });
    const tooOld = page.locator('.notification-toast', { hasText: 'is Python 3.8' });
    await tooOld.first().waitFor();
    report.python_notification = norm(await tooOld.first().innerText());
    step('too-old Python notification');

    await page.screenshot({ path: path.join(STATE, 'last-pass.png') });
    report.ok = true;
    return close(session);
  } catch (error) {
    return close(session, error);
  }
}

async function editorText(page) {
  const lines = await page.locator('.monaco-editor .view-lines .view-line').allTextContents();
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

module.exports = { launch, close, step, report, editorText, runCommand, norm, STATE, WORKSPACE };
if (require.main === module) main().then((code) => process.exit(code));
