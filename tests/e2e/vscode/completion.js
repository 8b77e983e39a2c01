// Completion and signature help in real VS Code: code-server with the dfls extension (from the
// built .vsix, running the dfls of $DFLS_E2E_DFLS through dfls.server.path), in Chromium,
// driven by playwright-core. Run by tests/e2e/test_editor_vscode_completion.py, which reads
// the JSON report ($DFLS_E2E_REPORT).
//
// Steps, as a user types: at the end of the Dockerfile type `COPY --from=`; the `=` opens the
// suggestions with the earlier stage; Enter accepts it. Type a space: the parameter hints show
// COPY's syntax. On a new line type `CM`, Ctrl+Space, accept CMD: its snippet expands to an
// exec-form array.
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

const report = { steps: [] };
const t0 = Date.now();
const norm = (s) => (s || '').replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();
const step = (name) => report.steps.push({ name, ms: Date.now() - t0 });

async function lastLine(page, prefix) {
  const line = page.locator('.monaco-editor .view-line', { hasText: prefix }).last();
  await line.waitFor();
  return (await line.innerText()).replace(/\u00a0/g, ' ');
}

async function suggestion(page, label) {
  const row = page.locator('.suggest-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible' });
  return row;
}

async function steps(page) {
  await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input');
  await page.keyboard.type('Dockerfile');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.monaco-editor .view-line', { hasText: /^FROM\salpine/ }).first().waitFor();
  // dfls is ready once its diagnostics are in (alpine... no USER: DF501 in the Problems panel)
  await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel .monaco-list-row', { hasText: 'dfls' }).first().waitFor();
  step('Dockerfile open, dfls running');

  // (1) COPY --from= -> the earlier stage; Enter accepts it
  await page.locator('.monaco-editor .view-line', { hasText: /^FROM\salpine/ }).first().click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('COPY --from=', { delay: 30 });
  const build = await suggestion(page, 'build');
  report.stage_suggestion = norm(await build.innerText());
  await page.keyboard.press('Enter');
  // wait for the accepted text to be rendered (the line reads `COPY --from=` until then)
  report.from_line = await lastLine(page, /^COPY\s--from=\S/);
  step('stage accepted');

  // (2) a space after the stage: the parameter hints show COPY's syntax, <src> active
  await page.keyboard.type(' ', { delay: 30 });
  const hints = page.locator('.parameter-hints-widget', { hasText: 'COPY [--from=<stage>]' }).first();
  await hints.waitFor({ state: 'visible' });
  report.signature = norm(await hints.innerText());
  report.signature_active = norm(await hints.locator('.signature .parameter.active').first().textContent());
  step('signature help shown');
  await page.keyboard.type('app /app', { delay: 30 });
  await page.keyboard.press('Escape');

  // (3) CM + Ctrl+Space on a new line, accept CMD: the exec-form snippet
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('CM', { delay: 30 });
  await page.keyboard.press('Control+Space');
  const cmd = await suggestion(page, 'CMD');
  report.cmd_suggestion = norm(await cmd.innerText());
  for (let i = 0; i < 8 && !/\bfocused\b/.test(await cmd.getAttribute('class')); i++) {
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  report.cmd_line = await lastLine(page, /^CMD\s\[/);
  await page.keyboard.press('Escape');
  step('CMD snippet expanded');
}

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
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`http://127.0.0.1:${PORT}/?folder=${encodeURIComponent(WORKSPACE)}`);
    await page.waitForSelector('.monaco-workbench .part.editor');
    step('workbench loaded');
    await steps(page);
    await page.screenshot({ path: path.join(STATE, 'completion-pass.png') });
    report.ok = true;
  } catch (error) {
    report.error = String((error && error.stack) || error);
    if (page) await page.screenshot({ path: path.join(STATE, 'completion-fail.png') }).catch(() => {});
  } finally {
    report.code_server_log = csOut.slice(-3000);
    if (browser) await browser.close().catch(() => {});
    try { process.kill(-cs.pid, 'SIGTERM'); } catch { /* already gone */ }
    fs.writeFileSync(REPORT, JSON.stringify(report, null, 1));
  }
  return report.ok ? 0 : 1;
}

main().then((code) => process.exit(code));
