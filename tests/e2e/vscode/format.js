// Format Document in real VS Code: code-server with the dfls extension (from the built .vsix,
// its server set to the checkout's dfls with dfls.server.path), in Debian's Chromium driven by
// playwright-core. Opens the Dockerfile with Quick Open, waits for dfls's problems (the server
// runs), presses Shift+Alt+F (Format Document), saves with Ctrl+S, and reports the editor's
// text. Run by tests/e2e/test_editor_vscode_format.py, which reads $DFLS_E2E_REPORT and
// compares the saved file with `dfls format`.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const env = (name, fallback) => process.env[name] ?? fallback;
const WORKSPACE = env('DFLS_E2E_WORKSPACE');
const STATE = env('DFLS_E2E_STATE');
const REPORT = env('DFLS_E2E_REPORT');
const PORT = Number(env('DFLS_E2E_PORT', '18081'));
const TIMEOUT = Number(env('DFLS_E2E_TIMEOUT_MS', '30000'));
const CODE_SERVER = env('DFLS_E2E_CODE_SERVER', path.join(__dirname, 'node_modules/.bin/code-server'));
const CHROMIUM = env('DFLS_E2E_CHROMIUM', '/usr/bin/chromium');
const FILE = path.join(WORKSPACE, 'Dockerfile');

const report = { steps: [] };
const t0 = Date.now();
const step = (name) => report.steps.push({ name, ms: Date.now() - t0 });

async function main() {
  const csEnv = { ...process.env, XDG_CONFIG_HOME: path.join(STATE, 'xdg-config'), XDG_DATA_HOME: path.join(STATE, 'xdg-data') };
  const cs = spawn(CODE_SERVER, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${PORT}`,
    '--user-data-dir', path.join(STATE, 'user-data'), '--extensions-dir', path.join(STATE, 'extensions'),
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', WORKSPACE,
  ], { env: csEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let csOut = '';
  cs.stdout.on('data', (d) => { csOut += d; });
  cs.stderr.on('data', (d) => { csOut += d; });
  let browser;
  let page;
  try {
    const deadline = Date.now() + TIMEOUT;
    while (!/HTTP server listening/.test(csOut)) {
      if (Date.now() > deadline || cs.exitCode !== null) throw new Error('code-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      env: { ...process.env, HOME: STATE, XDG_CONFIG_HOME: path.join(STATE, 'xdg-config') },
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.waitForSelector('.monaco-workbench .part.editor');
    step('workbench loaded');

    await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('Dockerfile');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor();
    await page.keyboard.press('Enter');
    const firstLine = page.locator('.monaco-editor .view-line', { hasText: /^from\s/ }).first();
    await firstLine.waitFor();
    step('Dockerfile open');

    // dfls's problems are listed: the server is up and has the document
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'dfls' }).first().waitFor();
    step('server running');

    const before = fs.readFileSync(FILE, 'utf8');
    for (let attempt = 1; ; attempt++) { // the formatter registers with the server's capabilities
      await firstLine.click();
      await page.keyboard.press('Shift+Alt+F');
      try {
        await page.locator('.monaco-editor .view-line', { hasText: /^FROM\s/ }).first().waitFor({ timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 4) throw e;
        await page.keyboard.press('Escape');
      }
    }
    step('formatted');
    await page.keyboard.press('Control+S');
    const saved = Date.now() + TIMEOUT;
    while (fs.readFileSync(FILE, 'utf8') === before) {
      if (Date.now() > saved) throw new Error('the file was not saved');
      await new Promise((r) => setTimeout(r, 50));
    }
    step('saved');
    report.ok = true;
  } catch (error) {
    report.error = String((error && error.stack) || error);
    if (page) await page.screenshot({ path: path.join(STATE, 'format-fail.png') }).catch(() => {});
  } finally {
    report.code_server_log = csOut.slice(-3000);
    if (browser) await browser.close().catch(() => {});
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* already gone */ }
    fs.writeFileSync(REPORT, JSON.stringify(report, null, 1));
  }
  return report.ok ? 0 : 1;
}

main().then((code) => process.exit(code));
