// Live reload with the real `handbook serve`: an open page updates by itself after an edit,
// a stylesheet change is swapped in without reloading, a broken edit shows the error overlay
// over the last good page, and fixing it clears the overlay.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO, copyHandbook, handbookBin, launchBrowser, newContext, newTab, removeTempDirs } from './harness.js';

let serve;
let browser;
let context;
let url;
let source;
let output = '';

/** Resolves with the URL once `handbook serve` prints "Serving at …". */
function serverUrl(child) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`handbook serve did not start:\n${output}`)), 60_000);
    const read = (chunk) => {
      output += chunk;
      const match = output.match(/Serving at (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].endsWith('/') ? match[1] : `${match[1]}/`);
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', read);
    child.on('exit', (code) => reject(new Error(`handbook serve exited with ${code}:\n${output}`)));
  });
}

before(async () => {
  source = copyHandbook();
  // A stylesheet override, so the test can change CSS the way a theme author does.
  const theme = fs.readFileSync(path.join(REPO, 'themes', 'default', 'static', 'assets', 'style.css'), 'utf8');
  fs.mkdirSync(path.join(source, 'static', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(source, 'static', 'assets', 'style.css'), theme);
  serve = spawn(handbookBin(), ['serve', source, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  url = await serverUrl(serve);
  browser = await launchBrowser();
  context = await newContext(browser);
});

after(async () => {
  await browser?.close();
  if (serve && serve.exitCode === null) {
    const exited = new Promise((r) => serve.once('exit', r));
    serve.kill('SIGINT');
    await exited;
  }
  removeTempDirs();
});

/** Marks the window so a test can tell a full reload (the mark is gone) from an in-place update. */
async function markWindow(page) {
  await page.evaluate(() => { window.__notReloaded = true; });
}

async function wasReloaded(page) {
  return page.evaluate(() => window.__notReloaded !== true);
}

/** Opens a page and waits until its live-reload stream is connected. */
async function openLive(rel) {
  const tab = await newTab(context);
  const connected = tab.page.waitForResponse((r) => r.url().endsWith('/__handbook/events'));
  await tab.goto(url + rel);
  await connected;
  return tab;
}

test('editing a page reloads it in the browser', async () => {
  const tab = await openLive('policies/leave/');
  const other = await openLive('communication/');
  await markWindow(other.page);
  const file = path.join(source, 'policies', 'leave.md');
  fs.appendFileSync(file, '\n\nEdited by the live-reload test.\n');
  await tab.page.getByText('Edited by the live-reload test.').waitFor({ timeout: 15_000 });
  // A page the edit does not touch stays as it is.
  assert.equal(await wasReloaded(other.page), false, 'an unrelated page was reloaded');
  tab.assertClean('policies/leave/ after the edit');
  other.assertClean('communication/');
  await tab.page.close();
  await other.page.close();
});

test('a new page appears in the sidebar of an open page', async () => {
  const tab = await openLive('policies/');
  fs.writeFileSync(path.join(source, 'policies', 'sabbatical.md'), '# Sabbatical policy\n\nFour weeks every five years.\n');
  await tab.page.locator('nav a', { hasText: 'Sabbatical policy' }).first().waitFor({ timeout: 15_000 });
  await tab.page.locator('nav a', { hasText: 'Sabbatical policy' }).first().click();
  await tab.page.getByText('Four weeks every five years.').first().waitFor();
  tab.assertClean('the new page');
  await tab.page.close();
});

test('a stylesheet change is swapped in without reloading the page', async () => {
  const tab = await openLive('communication/');
  await markWindow(tab.page);
  const css = path.join(source, 'static', 'assets', 'style.css');
  fs.appendFileSync(css, '\nbody { outline: 7px solid rgb(12, 34, 56); }\n');
  await tab.page.waitForFunction(
    () => getComputedStyle(document.body).outlineColor === 'rgb(12, 34, 56)',
    null,
    { timeout: 15_000 },
  );
  assert.equal(await wasReloaded(tab.page), false, 'the page reloaded for a CSS-only change');
  tab.assertClean('communication/ after the CSS change');
  await tab.page.close();
});

test('a broken edit shows the error overlay over the last good page, and fixing it clears it', async () => {
  const tab = await openLive('policies/leave/');
  const file = path.join(source, 'policies', 'leave.md');
  fs.appendFileSync(file, '\n\nLast good version.\n');
  await tab.page.getByText('Last good version.').waitFor({ timeout: 15_000 });
  const good = fs.readFileSync(file, 'utf8');
  fs.writeFileSync(file, `---\ntitle: [unclosed\n---\n${good}`);
  const overlay = tab.page.locator('#handbook-error-overlay');
  await overlay.waitFor({ timeout: 15_000 });
  const text = await overlay.innerText();
  assert.match(text, /policies\/leave\.md:2:\d+/, `the overlay names the file and line:\n${text}`);
  // The last good version is still what the server sends.
  const served = await (await fetch(url + 'policies/leave/')).text();
  assert.match(served, /Last good version\./);

  fs.writeFileSync(file, good.replace('Last good version.', 'Fixed by the live-reload test.'));
  await tab.page.getByText('Fixed by the live-reload test.').waitFor({ timeout: 15_000 });
  assert.equal(await overlay.count(), 0, 'the overlay is still shown after the fix');
  tab.assertClean('policies/leave/ after the fix');
  await tab.page.close();
});
