// The theme's behaviour: the dark-mode toggle and its persistence, the system colour preference,
// the phone menu, and the Mermaid diagram.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, useSite } from './harness.js';

const site = useSite();
const MERMAID_PAGE = 'communication/when-to-switch-to-a-call/';

/** The page's colour theme, as the reader sees it and as the scripts store it. */
function themeState(page) {
  return page.evaluate(() => {
    const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    let stored = null;
    try { stored = localStorage.getItem('handbook-theme'); } catch { /* file:// */ }
    return {
      attr: document.documentElement.getAttribute('data-theme'),
      stored,
      choice: document.querySelector('.theme-toggle').getAttribute('data-choice'),
      darkBackground: (0.299 * r + 0.587 * g + 0.114 * b) < 80,
    };
  });
}

test('the theme switch cycles system, light and dark, and the choice persists across pages', async () => {
  const tab = await site.open('', { colorScheme: 'light' });
  const { page } = tab;
  const toggle = page.locator('.theme-toggle');
  assert.deepEqual(await themeState(page), { attr: null, stored: null, choice: 'system', darkBackground: false }, 'fresh visit in a light system');
  assert.match(await toggle.getAttribute('aria-label'), /System/);
  await toggle.click();
  assert.deepEqual(await themeState(page), { attr: 'light', stored: 'light', choice: 'light', darkBackground: false }, 'after choosing light');
  await toggle.click();
  assert.deepEqual(await themeState(page), { attr: 'dark', stored: 'dark', choice: 'dark', darkBackground: true }, 'after choosing dark');
  await page.locator('.sidebar a', { hasText: 'Engineering' }).click();
  await page.waitForURL(site.href('engineering/'));
  assert.deepEqual(await themeState(page), { attr: 'dark', stored: 'dark', choice: 'dark', darkBackground: true }, 'on the next page');
  await page.reload();
  assert.equal((await themeState(page)).attr, 'dark', 'after a reload');
  await page.locator('.theme-toggle').click();
  await page.locator('.site-title').click();
  await page.waitForURL(site.href(''));
  assert.deepEqual(await themeState(page), { attr: null, stored: null, choice: 'system', darkBackground: false }, 'back to following the system');
  tab.assertClean();
});

/** The theme switch's icon as drawn: the mask style.css gives it, its size and colour. */
function themeIcon(page) {
  return page.locator('.theme-toggle').evaluate((toggle) => {
    const icon = toggle.querySelector('.theme-icon');
    const style = icon && getComputedStyle(icon);
    const box = icon && icon.getBoundingClientRect();
    return {
      inlineSvgs: toggle.querySelectorAll('svg').length,
      mask: style ? (style.maskImage && style.maskImage !== 'none' ? style.maskImage : style.webkitMaskImage) : 'none',
      size: box ? `${box.width}x${box.height}` : '0x0',
      painted: style ? style.backgroundColor !== 'rgba(0, 0, 0, 0)' : false,
    };
  });
}

test('the theme switch draws a different icon from the stylesheet for each choice, with no inline SVG', async () => {
  const tab = await site.open('policies/leave/', { colorScheme: 'light' });
  const { page } = tab;
  const seen = [];
  for (const choice of ['system', 'light', 'dark']) {
    assert.equal(await page.locator('.theme-toggle').getAttribute('data-choice'), choice);
    const icon = await themeIcon(page);
    assert.equal(icon.inlineSvgs, 0, `${choice}: the page carries the icons inline again`);
    assert.match(icon.mask, /^url\("data:image\/svg\+xml/, `${choice}: no icon mask (${icon.mask})`);
    assert.equal(icon.size, '20x20', `${choice}: the icon is not shown at its size`);
    assert.ok(icon.painted, `${choice}: the icon has no colour to show through its mask`);
    seen.push(icon.mask);
    await page.locator('.theme-toggle').click();
  }
  assert.equal(new Set(seen).size, 3, 'two choices show the same icon');
  tab.assertClean();
});

test('a dark system preference gives dark pages, and the switch can override it', async () => {
  const tab = await site.open('policies/leave/', { colorScheme: 'dark' });
  const { page } = tab;
  assert.deepEqual(await themeState(page), { attr: null, stored: null, choice: 'system', darkBackground: true }, 'fresh visit in a dark system');
  await page.locator('.theme-toggle').click();
  assert.deepEqual(await themeState(page), { attr: 'light', stored: 'light', choice: 'light', darkBackground: false }, 'after switching to light');
  tab.assertClean();
});

test('on a 375 px phone the menu button opens a usable sidebar', async () => {
  const tab = await site.open('policies/leave/', { viewport: PHONE });
  const { page } = tab;
  const toggle = page.locator('.nav-toggle');
  const link = page.locator('.sidebar a', { hasText: 'Expenses' });
  assert.ok(await toggle.isVisible(), 'no menu button on a phone');
  assert.ok(!(await link.isVisible()), 'the sidebar shows before the menu is opened');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  await link.waitFor({ state: 'visible' });
  const box = await link.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width && box.y < PHONE.height, `the sidebar link is off screen: ${JSON.stringify(box)}`);
  await page.keyboard.press('Escape');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false', 'Escape does not close the menu');
  await toggle.click();
  await link.waitFor({ state: 'visible' });
  await link.click();
  await page.waitForURL(site.href('policies/expenses/'));
  assert.equal(await page.locator('h1').textContent(), 'Expenses');
  assert.ok(!(await page.locator('.sidebar a', { hasText: 'Leave' }).isVisible()), 'the menu is still open on the new page');
  tab.assertClean();
});

test('pages fit a 375 px phone without sideways scrolling', async () => {
  const tab = await site.open('', { viewport: PHONE });
  const wide = [];
  for (const rel of ['', 'policies/leave/', 'decisions/', 'decisions/0002-use-postgres-as-the-system-of-record/', 'engineering/deploying/', MERMAID_PAGE]) {
    await tab.goto(site.href(rel));
    const width = await tab.page.evaluate(() => document.documentElement.scrollWidth);
    if (width > PHONE.width) {
      const culprits = await tab.page.evaluate((limit) => [...document.querySelectorAll('main *')]
        .filter((e) => e.getBoundingClientRect().right > limit + 1 && !e.closest('pre, .table-wrap'))
        .slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${e.className}`), PHONE.width);
      wide.push(`/${rel}: ${width}px wide (${culprits.join(', ')})`);
    }
    tab.assertClean(`/${rel}`);
  }
  assert.deepEqual(wide, [], `pages wider than the phone:\n  ${wide.join('\n  ')}`);
});

test('the Mermaid diagram renders to SVG, in light and in dark mode', async () => {
  // Stored "light": one press of the switch then gives dark.
  const tab = await site.open(MERMAID_PAGE, { colorScheme: 'light', theme: 'light' });
  const { page } = tab;
  const svg = page.locator('pre.mermaid svg');
  await svg.first().waitFor({ timeout: 15_000 });
  const box = await svg.first().boundingBox();
  assert.ok(box.width > 100 && box.height > 50, `the diagram is ${box.width}x${box.height}`);
  assert.ok((await svg.first().locator('text, foreignObject').count()) > 0, 'the diagram has no labels');
  await page.locator('.theme-toggle').click();
  await page.waitForFunction(() => document.querySelector('pre.mermaid svg') && document.querySelector('pre.mermaid').getAttribute('data-processed'), null, { timeout: 15_000 });
  assert.equal(await page.locator('pre.mermaid svg').count(), await page.locator('pre.mermaid').count(), 'a diagram is missing after switching to dark');
  tab.assertClean();
});
