// Navigation in real VS Code (code-server in Chromium, started as e2e.js starts it), the
// way a user does it: F12 on `--from=build` jumps to the stage; Shift+F12 lists the
// stage's references; F2 with an invalid name shows dfls's reason; F2 on the stage renames
// it everywhere, F2 on a variable inside `${DIR:-...}` renames that variable; Ctrl+S saves.
// Run by tests/e2e/test_editor_vscode_navigation.py, which checks the saved file.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { launch, close, step, report, editorText, norm, WORKSPACE } = require('./e2e.js');

// Put the cursor on line `lineText` (a regex on the rendered line) at `column`.
async function cursorAt(page, lineText, column) {
  const line = page.locator('.monaco-editor .view-line', { hasText: lineText }).first();
  await line.waitFor();
  await line.click({ position: { x: 2, y: 5 } });
  await page.keyboard.press('Home');
  await page.keyboard.press('Home'); // twice: Home toggles to column 0 after indentation
  for (let i = 0; i < column; i++) await page.keyboard.press('ArrowRight');
}

async function cursorLine(page) {
  const text = norm(await page.locator('.statusbar-item[id$="status.editor.selection"]').first().innerText());
  return text; // "Ln 2, Col 17"
}

async function rename(page, newName) {
  await page.keyboard.press('F2');
  const input = page.locator('.rename-box .rename-input').first();
  await input.waitFor({ state: 'visible' });
  report.rename_placeholders = report.rename_placeholders || [];
  report.rename_placeholders.push(await input.inputValue().catch(() => ''));
  await input.fill(newName);
  await input.press('Enter');
}

async function main() {
  const session = {};
  try {
    const page = await launch(session);
    await page.keyboard.press('Control+P');
    await page.waitForSelector('.quick-input-widget input');
    await page.keyboard.type('Dockerfile');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Dockerfile' }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.monaco-editor .view-line', { hasText: /^COPY\s--from=build/ }).first().waitFor();
    step('Dockerfile open');

    // (1) F12 on `build` of COPY --from=build: the cursor goes to line 2, the AS name
    for (let attempt = 1; ; attempt++) { // the server may still be starting
      await cursorAt(page, /^COPY\s--from=build/, 13);
      await page.keyboard.press('F12');
      try {
        await page.waitForFunction(() => {
          const el = document.querySelector('.statusbar-item[id$="status.editor.selection"]');
          return el && /Ln 2,/.test(el.textContent);
        }, null, { timeout: 5000 });
        break;
      } catch (e) {
        if (attempt >= 6) throw e;
      }
    }
    report.definition = await cursorLine(page);
    step('definition');

    // (2) Shift+F12 on the AS name: the references peek view
    await page.keyboard.press('Shift+F12');
    const title = page.locator('.peekview-widget .peekview-title').first();
    await title.waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('.peekview-widget .peekview-title');
      return el && /references/i.test(el.textContent);
    });
    report.references_title = norm(await title.innerText());
    await page.keyboard.press('Escape');
    step('references');

    // (3) F2 with an invalid name: dfls's reason is shown, nothing changes. (The FROM line
    // shows the resolved image as an inlay hint after `${BASE}`, hence the `.*`.)
    const before = await editorText(page);
    await cursorAt(page, /^FROM\s\$\{BASE\}.*\sAS\sbuild/, 17);
    await rename(page, 'Not Valid');
    const reason = page.getByText(/not a valid stage name/).first();
    await reason.waitFor();
    report.refusal = norm(await reason.innerText());
    await page.keyboard.press('Escape');
    report.unchanged = (await editorText(page)) === before;
    step('refused rename');

    // (4) F2 on the stage, then on the variable of ${DIR:-/tmp}
    await cursorAt(page, /^FROM\s\$\{BASE\}.*\sAS\sbuild/, 17);
    await rename(page, 'compile');
    await page.locator('.monaco-editor .view-line', { hasText: /^COPY\s--from=compile/ }).first().waitFor();
    step('stage renamed');
    await cursorAt(page, /^RUN\secho/, 28); // in DIR of ${DIR, after é and 🐳
    await rename(page, 'ROOT');
    await page.locator('.monaco-editor .view-line', { hasText: /^ENV\sROOT=/ }).first().waitFor();
    step('variable renamed');
    await page.keyboard.press('Control+S');
    const file = path.join(WORKSPACE, 'Dockerfile');
    const deadline = Date.now() + 10000;
    while (!fs.readFileSync(file, 'utf8').includes('ENV ROOT=')) { // the save is asynchronous
      if (Date.now() > deadline) throw new Error('the renamed file was not saved');
      await new Promise((r) => setTimeout(r, 50));
    }
    step('saved');
    report.text = await editorText(page);
    report.ok = true;
    return close(session);
  } catch (error) {
    return close(session, error);
  }
}

main().then((code) => process.exit(code));
