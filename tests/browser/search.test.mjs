// The header search box in headless Chromium, over the built example handbook served under a
// subpath: a word found in one page's body brings that page first with the word highlighted,
// keyboard use (`/`, Ctrl-K, arrows, Enter, Escape), the filters, the decision-status filter when
// the build has decisions, axe-core on the open results, and the message shown from file://.
//
// Self-contained on purpose (its own build, static server and browser), so it runs beside the
// shared harness without depending on it. Needs playwright-core (and axe-core, optional) from
// npm, Debian's /usr/bin/chromium and a built binary: `cargo build`, then
// `node --test tests/browser/search.test.mjs`. HANDBOOK_BIN and CHROMIUM_BIN override the paths.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.HANDBOOK_BIN || path.join(REPO, 'target', 'debug', 'handbook');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const SUBPATH = '/docs/handbook/';
// Occurs in the body of policies/leave.md and nowhere else in the example handbook.
const WORD = 'bereavement';
const WORD_PAGE = 'policies/leave/';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

let dir;
let out;
let base;
let browser;
/** Servers started by tests, closed at the end. */
const servers = [];
/** Bytes served under `pagefind/`, by path, since the last reset. */
let searchBytes = new Map();

function serve(root) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(SUBPATH)) {
      res.writeHead(404).end('outside the site');
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(SUBPATH.length));
    let file = path.join(root, rel);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        res.writeHead(301, { location: `${url.pathname}/` }).end();
        return;
      }
      file = path.join(file, 'index.html');
      rel = path.posix.join(rel, 'index.html');
    }
    if (!fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    const body = fs.readFileSync(file);
    if (rel.startsWith('pagefind/')) searchBytes.set(rel, body.length);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
}

/** Builds a handbook folder into `dir/<name>` and returns the output folder. */
function build(source, name) {
  const target = path.join(dir, name);
  const run = spawnSync(BIN, ['build', source, '--out', target, '--quiet'], { encoding: 'utf8' });
  if (run.status !== 0 && run.status !== 1) throw new Error(`handbook build failed (${run.status}):\n${run.stderr}`);
  assert.ok(fs.existsSync(path.join(target, 'pagefind', 'pagefind.js')), 'the build wrote no search index');
  return target;
}

/** Serves a built site under SUBPATH on a random port and returns its base URL. */
async function start(root) {
  const s = serve(root);
  servers.push(s);
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${s.address().port}${SUBPATH}`;
}

before(async () => {
  if (!fs.existsSync(BIN)) throw new Error(`no handbook binary at ${BIN}: run \`cargo build\` or set HANDBOOK_BIN`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-search-'));
  out = build(path.join(REPO, 'example-handbook'), 'out');
  base = await start(out);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (dir && process.env.KEEP_TMP !== '1') fs.rmSync(dir, { recursive: true, force: true });
});

/** Opens a page and fails the test on any console error or failed request. */
async function open(t, rel, at = base) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  t.after(async () => {
    await page.close();
    assert.deepEqual(problems, [], `problems on ${rel}`);
  });
  await page.goto(at + rel);
  return page;
}

/** Opens the filters (they load on demand) and waits for their selects. */
async function showFilters(page) {
  const toggle = await page.$('.search-filter-toggle');
  if (toggle) await toggle.click();
  await page.waitForSelector('#search-filter-kind');
}

async function results(page) {
  // A pending query marks the list busy; wait for the results it settles on, not the ones before.
  await page.waitForSelector('#search-listbox:not([aria-busy]) [role=option]');
  return page.$$eval('#search-listbox .search-result:not(.search-result-sub)', (els) =>
    els.map((a) => ({
      href: a.href,
      title: a.querySelector('.search-result-title')?.firstChild?.textContent ?? '',
      marks: Array.from(a.querySelectorAll('.search-result-excerpt mark'), (m) => m.textContent),
      badge: a.querySelector('.badge')?.className ?? null,
      date: a.querySelector('time')?.getAttribute('datetime') ?? null,
    })),
  );
}

test('a word from one page body finds that page first, highlighted, within 300 KB', async (t) => {
  const page = await open(t, 'engineering/on-call/');
  searchBytes = new Map(); // nothing of the index is fetched before the box is used
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input', '`/` focuses the search box');
  await page.keyboard.type(WORD);
  const found = await results(page);
  assert.ok(found[0].href.endsWith(SUBPATH + WORD_PAGE), `first result is ${found[0].href}`);
  assert.ok(found[0].marks.some((m) => m.toLowerCase().replace(/[^a-z]/g, '') === WORD), `excerpt marks: ${found[0].marks}`);
  assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'true');

  const bytes = [...searchBytes.values()].reduce((a, b) => a + b, 0);
  assert.ok(![...searchBytes.keys()].some((f) => f.startsWith('pagefind/filter/')), 'filters load only when asked for');
  t.diagnostic(`first query downloaded ${bytes} bytes of pagefind/ in ${searchBytes.size} files`);
  assert.ok(bytes < 300 * 1024, `first query downloaded ${bytes} bytes`);

  // Keyboard only: arrow to the first result, Enter opens it.
  await page.keyboard.press('ArrowDown');
  const activeId = await page.getAttribute('#search-input', 'aria-activedescendant');
  assert.ok(activeId, 'ArrowDown sets aria-activedescendant');
  assert.equal(await page.getAttribute(`#${activeId}`, 'aria-selected'), 'true');
  await Promise.all([page.waitForURL(`**${SUBPATH}${WORD_PAGE}`), page.keyboard.press('Enter')]);
});

test('Ctrl-K opens, Escape closes, filters narrow, axe finds nothing serious', async (t) => {
  const page = await open(t, '');
  await page.keyboard.press('Control+k');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-input');
  await page.keyboard.type('status update');
  await results(page);
  await showFilters(page);
  for (const id of ['search-filter-kind', 'search-filter-section', 'search-filter-tag']) {
    assert.ok(await page.$(`#${id}`), `#${id} is missing`);
  }

  await page.selectOption('#search-filter-section', 'Communication');
  await page.waitForFunction(() => !document.querySelector('.search-status')?.textContent.startsWith('Searching'));
  const sectionHrefs = (await results(page)).map((r) => r.href);
  assert.ok(sectionHrefs.length > 0);
  for (const href of sectionHrefs) assert.ok(href.includes(`${SUBPATH}communication/`), `${href} is outside Communication`);

  const require = createRequire(import.meta.url);
  let axePath = null;
  try {
    axePath = require.resolve('axe-core/axe.min.js');
  } catch {
    t.diagnostic('axe-core is not installed: accessibility check skipped');
  }
  if (axePath) {
    await page.keyboard.press('ArrowDown');
    await page.addScriptTag({ path: axePath });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document.querySelector('.site-search'));
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
    });
    assert.deepEqual(violations, []);
  }

  await page.focus('#search-input');
  await page.keyboard.press('Escape');
  assert.equal(await page.getAttribute('#search-input', 'aria-expanded'), 'false');
  assert.ok(await page.$eval('#search-results', (el) => el.hidden));
});

/**
 * A site whose decision records carry `page.decision`. Until the model provides it, a copy of the
 * example handbook overrides the theme's search-data partial to read status and date from the
 * records' front matter, so the browser side of the decision filters is exercised either way.
 */
async function decisionSite() {
  const real = await filterValues(base, 'status');
  if (real.length) return base;
  const source = path.join(dir, 'decisions-src');
  fs.cpSync(path.join(REPO, 'example-handbook'), source, { recursive: true, filter: (f) => path.basename(f) !== 'public' });
  const partial = fs.readFileSync(path.join(REPO, 'themes/default/templates/partials/search-data.html'), 'utf8');
  const faked = partial
    .replace('page.kind == "decision"', 'page.kind == "decision" or page.extra.status is defined')
    .replace('page.decision is defined and page.decision', 'page.extra.status is defined and page.extra.date is defined')
    .replaceAll('page.decision.', 'page.extra.');
  assert.notEqual(faked, partial, 'the search-data partial no longer has the expected shape');
  fs.mkdirSync(path.join(source, 'templates/partials'), { recursive: true });
  fs.writeFileSync(path.join(source, 'templates/partials/search-data.html'), faked);
  return start(build(source, 'decisions-out'));
}

async function filterValues(at, key) {
  const page = await browser.newPage();
  try {
    await page.goto(at);
    await page.focus('#search-input');
    await showFilters(page);
    return await page.$$eval(`#search-filter-${key} option`, (os) => os.map((o) => o.value).filter(Boolean));
  } finally {
    await page.close();
  }
}

test('decision results filter by status and sort by date', async (t) => {
  const at = await decisionSite();
  const page = await open(t, '', at);
  await page.focus('#search-input');
  await showFilters(page);
  const statuses = await page.$$eval('#search-filter-status option', (os) => os.map((o) => o.value).filter(Boolean));
  const status = statuses.includes('accepted') ? 'accepted' : statuses[0];
  // No query: the filters alone list every accepted decision, newest first.
  await page.selectOption('#search-filter-kind', 'decision');
  await page.selectOption('#search-filter-status', status);
  const found = await results(page);
  assert.ok(found.length > 1, `only ${found.length} ${status} decisions`);
  for (const r of found) assert.ok(r.badge?.includes(`badge-${status}`), `${r.href} has badge ${r.badge}`);
  const dates = found.map((r) => r.date);
  assert.ok(dates.every(Boolean), 'every decision shows its date');
  assert.deepEqual(dates, [...dates].sort().reverse(), 'decisions are newest first');

  // With a query too, the status filter still holds.
  await page.fill('#search-input', 'status');
  await page.waitForFunction(() => /result/.test(document.querySelector('.search-status')?.textContent || ''));
  for (const r of await results(page)) assert.ok(r.badge?.includes(`badge-${status}`), `${r.href} has badge ${r.badge}`);
});

test('opened from disk, the box explains that search needs a server', async () => {
  const page = await browser.newPage();
  try {
    await page.goto(pathToFileURL(path.join(out, 'index.html')).href);
    await page.focus('#search-input');
    await page.keyboard.type(WORD);
    await page.waitForFunction(() => /served over HTTP/.test(document.querySelector('.search-status')?.textContent || ''));
  } finally {
    await page.close();
  }
});
