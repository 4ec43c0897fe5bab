// Navigation by clicking, as a reader would: the sidebar, breadcrumbs, previous/next, heading
// anchors, the table of contents and the skip link. (The crawl checks every link's target; this
// file checks that the controls work and land where they say.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.js';

const site = useSite();
const DECISION = 'decisions/0002-use-postgres-as-the-system-of-record/';

/** The heading's top edge is inside the viewport and not hidden under the sticky header. */
async function assertScrolledTo(page, id) {
  const box = await page.evaluate((target) => {
    const el = document.getElementById(target);
    if (!el) return null;
    const header = document.querySelector('.site-header').getBoundingClientRect();
    return { top: el.getBoundingClientRect().top, headerBottom: header.bottom, height: innerHeight };
  }, id);
  assert.ok(box, `no element with id "${id}"`);
  assert.ok(box.top >= box.headerBottom - 1, `#${id} is hidden under the sticky header (top ${box.top}px, header ends at ${box.headerBottom}px)`);
  assert.ok(box.top < box.height / 2, `#${id} was not scrolled into view (top ${box.top}px of ${box.height}px)`);
}

test('sidebar links go to their page, which the sidebar then marks as current', async () => {
  const tab = await site.open('');
  const { page } = tab;
  assert.equal(await page.locator('.sidebar [aria-current="page"]').count(), 0, 'the home page marks a sidebar entry as current');
  await page.locator('.sidebar a', { hasText: 'Policies' }).click();
  await page.waitForURL(site.href('policies/'));
  assert.equal(await page.locator('h1').textContent(), 'Policies');
  assert.equal(await page.locator('.sidebar [aria-current="page"]').textContent(), 'Policies');
  await page.locator('.sidebar a', { hasText: 'Leave' }).click();
  await page.waitForURL(site.href('policies/leave/'));
  assert.equal(await page.locator('h1').textContent(), 'Leave');
  assert.equal(await page.locator('.sidebar [aria-current="page"]').textContent(), 'Leave');
  tab.assertClean();
});

test('breadcrumbs lead back up to the section and home', async () => {
  const tab = await site.open(DECISION);
  const { page } = tab;
  const title = await page.locator('h1').textContent();
  const crumbs = await page.locator('.breadcrumbs li').allTextContents();
  assert.deepEqual(crumbs.map((c) => c.trim()), ['Tidewater Handbook', 'Decision log', title]);
  assert.equal(await page.locator('.breadcrumbs [aria-current="page"]').textContent(), title);
  await page.locator('.breadcrumbs a', { hasText: 'Decision log' }).click();
  await page.waitForURL(site.href('decisions/'));
  await page.locator('.breadcrumbs a', { hasText: 'Tidewater Handbook' }).click();
  await page.waitForURL(site.href(''));
  tab.assertClean();
});

test('previous and next go to the pages they name', async () => {
  const tab = await site.open('policies/leave/');
  const { page } = tab;
  const nextTitle = await page.locator('.prev-next .next .title').textContent();
  await page.locator('.prev-next .next').click();
  await page.waitForLoadState('load');
  assert.equal(await page.locator('h1').textContent(), nextTitle, 'Next landed on another page than it named');
  assert.equal(await page.locator('.prev-next .prev .title').textContent(), 'Leave');
  await page.locator('.prev-next .prev').click();
  await page.waitForURL(site.href('policies/leave/'));
  tab.assertClean();
});

test('a heading anchor shows on hover and links to its heading', async () => {
  const tab = await site.open('policies/leave/');
  const { page } = tab;
  const heading = page.locator('h2#public-holidays');
  const anchor = heading.locator('.heading-anchor');
  assert.equal(await anchor.getAttribute('href'), '#public-holidays');
  assert.ok(await anchor.getAttribute('aria-label'), 'the anchor has no accessible name');
  await heading.hover();
  assert.equal(await anchor.evaluate((a) => getComputedStyle(a).opacity), '1', 'the anchor stays invisible on hover');
  await anchor.click();
  assert.equal(await page.evaluate(() => location.hash), '#public-holidays');
  await assertScrolledTo(page, 'public-holidays');
  tab.assertClean();
});

test('a fragment in another letter case or slug style still reaches its heading', async () => {
  // As GitHub does for `#Public-Holidays`: written for another renderer, followed by the page's script.
  const tab = await site.open('');
  const { page } = tab;
  // Arriving with the fragment (from another page).
  await page.goto(site.href('policies/leave/#Public-Holidays'));
  await assertScrolledTo(page, 'public-holidays');
  // A fragment changed on the page.
  await page.evaluate(() => { location.hash = '#sick_LEAVE'; });
  await page.waitForFunction(() => location.hash === '#sick_LEAVE');
  await assertScrolledTo(page, 'sick-leave');
  tab.assertClean();
});

test('table of contents links scroll to their heading and highlight it', async () => {
  const tab = await site.open('policies/leave/');
  const { page } = tab;
  const entries = await page.locator('.toc a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(entries.length >= 3, `the table of contents has ${entries.length} entries`);
  for (const href of entries) {
    assert.equal(await page.locator(`[id="${href.slice(1)}"]`).count(), 1, `TOC entry ${href} has no target`);
  }
  const link = page.locator('.toc a[href="#sick-leave"]');
  await link.click();
  assert.equal(await page.evaluate(() => location.hash), '#sick-leave');
  await assertScrolledTo(page, 'sick-leave');
  await page.waitForFunction(() => document.querySelector('.toc a[href="#sick-leave"]').classList.contains('is-active'), null, { timeout: 3000 })
    .catch(() => assert.fail('the TOC entry of the section in view is not highlighted (.is-active)'));
  tab.assertClean();
});

test('the skip link is the first stop on Tab and moves focus to the content', async () => {
  const tab = await site.open('policies/leave/');
  const { page } = tab;
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({ cls: document.activeElement.className, top: document.activeElement.getBoundingClientRect().top }));
  assert.equal(focused.cls, 'skip-link', 'Tab does not reach the skip link first');
  assert.ok(focused.top >= 0, 'the focused skip link is off screen');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  tab.assertClean();
});
