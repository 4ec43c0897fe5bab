// The theme at scale: a generated 2,000-page handbook (../shared/bench/gen_handbook.py, made once
// per run) plus one page of components (callouts and a titled code block with highlighted
// lines, written in the HTML the Markdown side emits). Checks the navigation tree (its
// fragments, expand and collapse by mouse and keyboard, the current page in view), search
// ("more results", the full results page from a URL, section filters, exact title first), the
// copy button, callouts in both themes, axe on every page type and no sideways scrolling at
// 320 px. Skipped, saying so, when the generator is not there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DESKTOP, PHONE, REPO, formatViolations, runAxe, tempDir, useSite } from './harness.js';

const GENERATOR = path.join(REPO, '..', 'shared', 'bench', 'gen_handbook.py');
const available = fs.existsSync(GENERATOR);
if (!available) console.log(`# skipped: the 2,000-page tests need ${GENERATOR}`);

const COMPONENTS = `---
title: Components
owner: docs
tags: [Writing]
---

Every kind of callout, and a code block with a title and highlighted lines.

<div class="callout callout-note" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>Note</p><p>Useful information readers should know.</p></div>

<div class="callout callout-tip" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>Tip</p><p>Helpful advice for doing things better.</p></div>

<div class="callout callout-important" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>Important</p><p>Key information readers need.</p></div>

<div class="callout callout-warning" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>Warning</p><p>Urgent information that needs attention.</p></div>

<div class="callout callout-caution" role="note"><p class="callout-title"><span class="callout-icon" aria-hidden="true"></span>Caution</p><p>Risks or negative outcomes of an action.</p></div>

<figure class="code-block"><figcaption class="code-title">main.rs</figcaption><pre class="code" data-lang="rust"><code class="language-rust">fn main() {
<span class="line-highlight">    println!("hello");</span>
}
</code></pre></figure>
`;

function generate() {
  const dir = path.join(tempDir('handbook-2k-'), 'hb');
  const run = spawnSync('python3', [GENERATOR, '--pages', '2000', '--decisions', '200', dir], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`gen_handbook.py failed:\n${run.stderr}`);
  fs.writeFileSync(path.join(dir, 'communication', 'components.md'), COMPONENTS);
  return dir;
}

const site = available ? useSite({ source: generate(), background: true }) : null;
const opts = { skip: !available && 'needs ../shared/bench/gen_handbook.py' };

/** The deepest content page of the site (most URL segments). */
function deepestPage() {
  return site.pages
    .filter((p) => !/^(tags|search|health|changes|assets|decisions)\//.test(p))
    .sort((a, b) => b.split('/').length - a.split('/').length || a.localeCompare(b))[0];
}

/** Waits until the script has swapped the fragments in (the whole top level is listed). */
async function treeReady(page) {
  await page.waitForFunction(() => document.querySelectorAll('.nav-tree > li').length > 3);
}

test('a page carries only its own branch; the sections are shared fragments', opts, () => {
  const rel = deepestPage();
  const html = fs.readFileSync(path.join(site.dir, rel, 'index.html'), 'utf8');
  const nav = html.slice(html.indexOf('<nav id="sidebar"'), html.indexOf('</nav>', html.indexOf('<nav id="sidebar"')));
  assert.match(nav, /data-fragments="assets\/nav\/"/);
  assert.match(nav, /aria-current="page"/);
  // Its branch: one entry per level, and no top-level section but its own.
  const top = nav.match(/<ul class="nav-tree"[^>]*><li/g);
  assert.equal(top.length, 1, nav);
  assert.ok((nav.match(/<li/g) || []).length <= rel.split('/').length + 1, `more than the branch inline:\n${nav}`);
  const root = fs.readFileSync(path.join(site.dir, 'assets', 'nav', 'nav.html'), 'utf8');
  assert.ok((root.match(/class="nav-section"/g) || []).length >= 10, root.slice(0, 400));
  assert.ok(!root.includes('../'), 'fragment hrefs are relative to the site root');
});

test('a filtered view of the decision log carries the log but not its records; the script opens them', opts, async () => {
  const rel = 'decisions/status/accepted/';
  const html = fs.readFileSync(path.join(site.dir, rel, 'index.html'), 'utf8');
  const nav = html.slice(html.indexOf('<nav id="sidebar"'), html.indexOf('</nav>', html.indexOf('<nav id="sidebar"')));
  assert.match(nav, /class="nav-section is-open"/, nav);
  assert.ok(!/href="[^"]*decisions\/0\d+/.test(nav), `the view carries the log's records:\n${nav.slice(0, 600)}`);
  const tab = await site.open(rel, { viewport: DESKTOP });
  const { page } = tab;
  await treeReady(page);
  // The log, on the view's path, is opened from its fragment with every record.
  await page.waitForFunction(() => document.querySelectorAll('.sidebar a[href*="decisions/0"]').length >= 200);
  assert.ok(await page.locator('.sidebar a[href*="decisions/0"]').first().isVisible(), 'the records are not shown');
  tab.assertClean();
});

test('the current page is in view in the sidebar, and sections open and close by mouse and keyboard', opts, async () => {
  const rel = deepestPage();
  const tab = await site.open(rel, { viewport: DESKTOP });
  const { page } = tab;
  await treeReady(page);
  const current = page.locator('.sidebar [aria-current="page"]');
  assert.equal(await current.count(), 1);
  const [item, bar] = await Promise.all([current.boundingBox(), page.locator('.sidebar').boundingBox()]);
  assert.ok(item.y >= bar.y && item.y + item.height <= Math.min(bar.y + bar.height, DESKTOP.height),
    `the current page is outside the sidebar's view: ${JSON.stringify({ item, bar })}`);
  // Sections on its path are open.
  const openOnPath = await page.locator('.sidebar li.nav-section:has([aria-current="page"]) > .nav-row > .nav-expand').evaluateAll(
    (buttons) => buttons.map((b) => b.getAttribute('aria-expanded')));
  assert.ok(openOnPath.length >= 2 && openOnPath.every((v) => v === 'true'), `path sections: ${openOnPath}`);

  // Mouse: a closed top-level section opens (its list is fetched) and closes.
  // (Located by name: a locator on `:not(.is-open)` would move on once the section opens.)
  const name = await page.locator('.nav-tree > li.nav-section:not(.is-open) > .nav-row > .nav-expand').first().getAttribute('aria-label');
  const button = page.locator(`.nav-tree > li > .nav-row > .nav-expand[aria-label="${name}"]`);
  const closed = button.locator('xpath=../..'); // its <li>
  await button.click();
  await page.waitForFunction((b) => b.getAttribute('aria-expanded') === 'true', await button.elementHandle());
  const child = closed.locator('ul a').first();
  await child.waitFor({ state: 'visible' });
  await button.click();
  assert.equal(await button.getAttribute('aria-expanded'), 'false');
  assert.ok(!(await child.isVisible()), `${name}: its pages still show after closing`);

  // Keyboard: Enter opens, Space closes.
  await button.focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => b.getAttribute('aria-expanded') === 'true', await button.elementHandle());
  await page.keyboard.press('Space');
  assert.equal(await button.getAttribute('aria-expanded'), 'false');

  // Opened by hand, a section stays open on the next page of the session.
  await page.keyboard.press('Enter');
  await page.waitForFunction((b) => b.getAttribute('aria-expanded') === 'true', await button.elementHandle());
  await tab.goto(site.href(''));
  await treeReady(page);
  const again = button.locator('xpath=../..');
  await page.waitForFunction((n) => [...document.querySelectorAll('.nav-expand')].some((b) => b.getAttribute('aria-label') === n && b.getAttribute('aria-expanded') === 'true'), name);
  assert.ok(await again.locator(':scope > ul').isVisible());
  tab.assertClean();
});

test('search: "more results" shows result 9 and on; the full results page shows the rest', opts, async () => {
  const tab = await site.open('');
  const { page } = tab;
  const input = page.locator('#search-input');
  await input.click();
  await input.fill('security');
  const results = page.locator('#search-listbox > .search-result:not(.search-result-sub)');
  await page.locator('.search-more').waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await results.count(), 8);
  await page.locator('.search-more').click();
  await page.waitForFunction(() => document.querySelectorAll('#search-listbox > .search-result:not(.search-result-sub)').length > 8);
  assert.ok(await results.nth(8).isVisible() || (await results.nth(8).boundingBox()) !== null, 'result 9 is not shown');
  assert.match(await page.locator('.search-status').textContent(), /results/);
  await page.locator('.search-all').click();
  await page.waitForURL(/search\/\?q=security/);
  await page.locator('.search-page-result').first().waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('#search-page-input').inputValue(), 'security');
  assert.equal(await page.locator('.search-page-result').count(), 20);
  await page.locator('.search-page-more').click();
  await page.waitForFunction(() => document.querySelectorAll('.search-page-result').length > 20);
  tab.assertClean();
});

test('the full results page works from its URL, puts an exact title first and filters by section', opts, async () => {
  const tab = await site.open('');
  const { page } = tab;
  // A section's title, also a word of many pages in many sections.
  const title = 'Security';
  await tab.goto(site.href(`search/?q=${encodeURIComponent(title)}`));
  const first = page.locator('.search-page-result').first();
  await first.waitFor({ timeout: 20_000 });
  assert.equal(await first.locator('.search-result-title').textContent(), title);
  const sections = page.locator('.search-page-section');
  assert.ok((await sections.count()) > 2, 'no section filters');
  const second = sections.nth(1);
  const label = (await second.textContent()).replace(/\s*\d+$/, '');
  const count = Number(await second.locator('.count').textContent());
  await second.click();
  await page.waitForURL(/section=/);
  await page.locator('.search-page-result').first().waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.search-page-section[aria-current="true"]').textContent(), await second.textContent());
  assert.match(await page.locator('.search-page-status').textContent(), new RegExp(`^${count} results? .* in ${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  tab.assertClean();
});

test('the copy button copies the code, and the language and title show', opts, async () => {
  const context = await site.context();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  const tab = await site.open('communication/components/', { context });
  const { page } = tab;
  assert.equal(await page.locator('.code-block .code-title').textContent(), 'main.rs');
  assert.equal(await page.locator('.code-block .code-lang').textContent(), 'rust');
  await page.locator('.code-block .code-copy').click();
  await page.waitForFunction(() => document.querySelector('.code-copy').textContent === 'Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, 'fn main() {\n    println!("hello");\n}');
  const highlight = await page.locator('.line-highlight').evaluate((el) => getComputedStyle(el).backgroundColor);
  assert.notEqual(highlight, 'rgba(0, 0, 0, 0)', 'highlighted lines have no background');
  tab.assertClean();
});

for (const theme of ['light', 'dark']) {
  test(`callouts have an icon, a label and their own colour (${theme})`, opts, async () => {
    const tab = await site.open('communication/components/', { theme });
    const kinds = await tab.page.locator('.callout').evaluateAll((els) => els.map((el) => {
      const icon = el.querySelector('.callout-icon');
      const style = getComputedStyle(icon);
      return {
        kind: el.className,
        title: el.querySelector('.callout-title').textContent,
        colour: getComputedStyle(el).borderLeftColor,
        background: getComputedStyle(el).backgroundColor,
        icon: (style.maskImage || style.webkitMaskImage || '').startsWith('url(') && icon.getBoundingClientRect().width > 10,
      };
    }));
    assert.equal(kinds.length, 5);
    assert.ok(kinds.every((k) => k.icon), `a callout without its icon: ${JSON.stringify(kinds)}`);
    assert.equal(new Set(kinds.map((k) => k.colour)).size, 5, `callouts share a colour: ${JSON.stringify(kinds)}`);
    const dark = (rgb) => { const [r, g, b] = rgb.match(/\d+/g).map(Number); return 0.299 * r + 0.587 * g + 0.114 * b < 80; };
    assert.ok(kinds.every((k) => dark(k.background) === (theme === 'dark')), `backgrounds do not follow the ${theme} theme`);
    const violations = await runAxe(tab.page);
    assert.deepEqual(violations, [], formatViolations(violations));
    // Forced colours (Windows high contrast) drop backgrounds: the border and icon keep the shape.
    await tab.page.emulateMedia({ forcedColors: 'active' });
    const forced = await tab.page.locator('.callout').evaluateAll((els) => els.map((el) => ({
      border: parseFloat(getComputedStyle(el).borderLeftWidth),
      icon: el.querySelector('.callout-icon').getBoundingClientRect().width,
    })));
    assert.ok(forced.every((f) => f.border >= 4 && f.icon > 10), `forced colours lose the callout's shape: ${JSON.stringify(forced)}`);
    tab.assertClean();
  });
}

/** One page of each type. */
function pageTypes() {
  const decision = site.pages.find((p) => /^decisions\/\d{4}-/.test(p));
  const tag = site.pages.find((p) => /^tags\/[^/]+\/$/.test(p));
  const section = site.pages.find((p) => /^[a-z-]+\/$/.test(p) && !/^(tags|search|health|changes|decisions)\//.test(p));
  return {
    home: '',
    section,
    'deep page': deepestPage(),
    components: 'communication/components/',
    decision,
    'decision log': 'decisions/',
    health: 'health/',
    changes: 'changes/',
    'tag index': 'tags/',
    tag,
    search: 'search/?q=security',
  };
}

for (const [label, options] of [['light', { theme: 'light' }], ['dark', { theme: 'dark' }], ['phone', { theme: 'light', viewport: PHONE }]]) {
  test(`axe: every page type of the 2,000-page handbook (${label})`, opts, async () => {
    const context = await site.context(options);
    const tab = await site.open('', { context });
    const failures = [];
    for (const [name, rel] of Object.entries(pageTypes())) {
      await tab.goto(site.href(rel));
      if (name !== 'search') await treeReady(tab.page);
      else await tab.page.locator('.search-page-result').first().waitFor({ timeout: 20_000 });
      const violations = await runAxe(tab.page);
      if (violations.length) failures.push(`${name} (/${rel}):\n${formatViolations(violations)}`);
      tab.assertClean(`/${rel}`);
    }
    if (failures.length) assert.fail(failures.join('\n'));
  });
}

test('no page type scrolls sideways at 320 px', opts, async () => {
  const tab = await site.open('', { viewport: { width: 320, height: 640 } });
  const wide = [];
  for (const [name, rel] of Object.entries(pageTypes())) {
    await tab.goto(site.href(rel));
    const width = await tab.page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${name} (/${rel}): ${width}px`);
  }
  assert.deepEqual(wide, [], wide.join('\n'));
  tab.assertClean();
});
