// Crawls the built example handbook from the home page, following every same-site link, and
// checks each page: it loads with status 200, logs no console error, has no failed request and
// asks nothing of another host. The facts gathered on the way (ids, sidebar, prev/next) feed the
// link checks below, so the whole site is loaded only once.

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { newTab, useSite } from './harness.js';

const site = useSite();
/** url path (`policies/leave/`) -> what the page showed */
const pages = new Map();
/** url path -> problems seen while loading it */
const problems = new Map();
/** non-page resources linked from pages (images, files): url -> linking page */
const resources = new Map();

/** A same-site absolute URL as a site path, or null for other sites. */
function sitePath(href) {
  const url = new URL(href);
  const root = new URL(site.url);
  if (url.origin !== root.origin || !url.pathname.startsWith(root.pathname)) return null;
  return decodeURIComponent(url.pathname.slice(root.pathname.length));
}

/** Loads one page and records what it shows and what went wrong; returns the pages it links to. */
async function visit(tab, rel) {
  const response = await tab.goto(site.href(rel));
  if (response?.status() !== 200) tab.problems.push(`HTTP ${response?.status()} for the page itself`);
  if (await tab.page.locator('pre.mermaid').count()) {
    await tab.page.waitForSelector('pre.mermaid svg', { timeout: 15_000 }).catch(() => tab.problems.push('mermaid diagram did not render'));
  }
  const facts = await tab.page.evaluate(() => ({
    title: document.querySelector('h1')?.textContent.trim() ?? null,
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    current: [...document.querySelectorAll('.sidebar [aria-current="page"]')].map((a) => a.href),
    prev: document.querySelector('.prev-next a[rel="prev"]')?.href ?? null,
    next: document.querySelector('.prev-next a[rel="next"]')?.href ?? null,
  }));
  pages.set(rel, facts);
  const all = tab.allProblems();
  if (all.length) problems.set(rel, all);
  const found = [];
  for (const href of facts.links) {
    const target = sitePath(href);
    if (target === null) continue;
    if (target === '' || target.endsWith('/') || target.endsWith('.html')) found.push(target.replace(/index\.html$/, ''));
    else if (!resources.has(target)) resources.set(target, rel);
  }
  return found;
}

// Breadth-first from the home page, with a few tabs loading pages side by side.
before(async () => {
  await site.ready();
  const context = await site.context();
  const queue = [''];
  const seen = new Set(queue);
  let busy = 0;
  const worker = async () => {
    const tab = await newTab(context);
    for (;;) {
      const rel = queue.shift();
      if (rel === undefined) {
        if (busy === 0) break; // nothing queued and no tab can find more
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      busy += 1;
      try {
        for (const next of await visit(tab, rel)) {
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      } finally {
        busy -= 1;
      }
    }
    await tab.close();
  };
  await Promise.all([worker(), worker(), worker()]);
});

test('every page reachable from the home page loads without errors', (t) => {
  t.diagnostic(`crawled ${pages.size} pages`);
  assert.ok(pages.size > 10, `only ${pages.size} pages reached from the home page`);
  if (problems.size) {
    const report = [...problems].map(([rel, list]) => `/${rel}\n  - ${list.join('\n  - ')}`).join('\n');
    assert.fail(`${problems.size} page(s) with problems:\n${report}`);
  }
});

test('every built page is reachable by links from the home page', () => {
  const unreached = site.pages.filter((rel) => !pages.has(rel));
  assert.deepEqual(unreached, [], `pages in the output that no link leads to: ${unreached.join(', ')}`);
});

test('linked files (images, downloads) exist', async () => {
  const context = await site.context();
  const missing = [];
  for (const [rel, from] of resources) {
    const res = await context.request.get(site.href(rel));
    if (res.status() !== 200) missing.push(`/${rel} (HTTP ${res.status()}, linked from /${from})`);
  }
  assert.deepEqual(missing, [], `broken file links:\n  ${missing.join('\n  ')}`);
});

test('every link to an anchor points at an element with that id', () => {
  const broken = [];
  for (const [rel, facts] of pages) {
    for (const href of facts.links) {
      const url = new URL(href);
      const target = sitePath(href);
      if (!url.hash || url.hash === '#' || target === null) continue;
      const page = pages.get(target.replace(/index\.html$/, ''));
      const id = decodeURIComponent(url.hash.slice(1));
      if (page && !page.ids.includes(id)) broken.push(`/${rel} links to /${target}#${id}, which has no such id`);
    }
  }
  assert.deepEqual(broken, [], broken.join('\n'));
});

// A decision log's per-status and per-tag views (decisions/status/accepted/) are filtered copies
// of the log page; the generated health/, changes/ and search/ pages are linked from the footer,
// and tags/ and the tag pages from the pages' tags: none of them is a page of the navigation,
// so they have no sidebar entry and no prev/next.
const isFilteredView = (rel) => /(^|\/)(status|tags)\/[^/]+\/$/.test(rel) || /^(health|changes|search|tags)\/$/.test(rel);
const navPages = () => [...pages].filter(([rel]) => !isFilteredView(rel));

test('the sidebar marks the current page, and only it', () => {
  const wrong = [];
  for (const [rel, facts] of pages) {
    const here = site.href(rel);
    for (const href of facts.current) {
      if (href !== here) wrong.push(`/${rel}: aria-current on a link to ${href}`);
    }
    if (facts.current.length > 1) wrong.push(`/${rel}: ${facts.current.length} links marked aria-current`);
  }
  assert.deepEqual(wrong, [], wrong.join('\n'));
  const nav = navPages();
  const marked = nav.filter(([, f]) => f.current.length === 1).length;
  assert.ok(marked >= nav.length - 1, `only ${marked} of ${nav.length} pages are marked in the sidebar`);
  for (const [rel, facts] of pages) {
    if (isFilteredView(rel) && (facts.current.length || facts.next || facts.prev)) wrong.push(`/${rel}: a filtered view is marked or chained`);
  }
  assert.deepEqual(wrong, [], wrong.join('\n'));
});

test('previous and next links are mutual and form one chain over every page', () => {
  const wrong = [];
  for (const [rel, facts] of pages) {
    if (facts.next) {
      const next = pages.get(sitePath(facts.next));
      if (!next) wrong.push(`/${rel}: next link ${facts.next} is not a page`);
      else if (next.prev !== site.href(rel)) wrong.push(`/${rel}: next is ${facts.next}, but its previous is ${next.prev}`);
    }
  }
  assert.deepEqual(wrong, [], wrong.join('\n'));
  const chain = [''];
  while (pages.get(chain.at(-1))?.next && chain.length <= pages.size) chain.push(sitePath(pages.get(chain.at(-1)).next));
  assert.equal(pages.get('').prev, null, 'the home page has a previous link');
  const navCount = navPages().length;
  assert.equal(chain.length, navCount, `following "Next" from the home page visits ${chain.length} of ${navCount} pages`);
});

test('a missing page answers 404 with the styled not-found page', async () => {
  const tab = await site.open('');
  const response = await tab.goto(site.href('no/such/page/'));
  assert.equal(response.status(), 404);
  assert.match(await tab.page.locator('h1').textContent(), /not found/i);
  const position = await tab.page.locator('.site-header').evaluate((e) => getComputedStyle(e).position);
  assert.equal(position, 'sticky', 'the 404 page is unstyled (style.css did not load)');
  tab.problems.splice(0, tab.problems.length, ...tab.problems.filter((p) => !p.includes('no/such/page')));
  tab.assertClean('404 page');
  await tab.page.locator('.site-header .site-title').click();
  await tab.page.waitForURL(site.href(''));
});
