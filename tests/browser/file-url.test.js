// The site opened straight from disk (file://), built with --relative-index so that every link
// names its index.html. No server is involved.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.js';

const site = useSite({ relativeIndex: true, serve: false });

test('from file://, pages load with their styles and scripts', async () => {
  for (const rel of ['', 'policies/leave/', 'decisions/', 'communication/when-to-switch-to-a-call/']) {
    const tab = await site.open(rel);
    assert.ok(tab.page.url().startsWith('file://'), tab.page.url());
    const header = await tab.page.locator('.site-header').evaluate((e) => getComputedStyle(e).position);
    assert.equal(header, 'sticky', `${rel || 'home'}: style.css did not apply from disk`);
    // The theme switch's icon is a data: URL mask in style.css, which needs no request.
    const icon = await tab.page.locator('.theme-icon').evaluate((e) => {
      const style = getComputedStyle(e);
      return `${style.maskImage} ${style.webkitMaskImage}`;
    });
    assert.match(icon, /url\("data:image\/svg\+xml/, `${rel || 'home'}: the theme switch has no icon from disk`);
    if (rel.includes('call')) await tab.page.locator('pre.mermaid svg').first().waitFor({ timeout: 15_000 });
    tab.assertClean(`file:///…/${rel}index.html`);
  }
});

test('from file://, clicking a sidebar link lands on an index.html and shows it', async () => {
  const tab = await site.open('');
  const { page } = tab;
  await page.locator('.sidebar a', { hasText: 'Engineering' }).click();
  await page.waitForURL(site.href('engineering/'));
  assert.match(page.url(), /\/engineering\/index\.html$/);
  assert.equal(await page.locator('h1').textContent(), 'Engineering');
  assert.ok(await page.locator('.content').isVisible(), 'the content is not shown');
  await page.locator('.sidebar a', { hasText: 'Deploying' }).click();
  await page.waitForURL(site.href('engineering/deploying/'));
  assert.equal(await page.locator('.sidebar [aria-current="page"]').textContent(), 'Deploying');
  await page.locator('.prev-next .next').click();
  await page.waitForLoadState('load');
  assert.match(page.url(), /\/index\.html$/, `Next went to a folder, not a file: ${page.url()}`);
  await page.locator('.breadcrumbs a').first().click();
  await page.waitForURL(site.href(''));
  tab.assertClean();
});

test('from file://, every link to a page names an index.html that exists', async () => {
  const tab = await site.open('policies/leave/');
  const links = await tab.page.locator('a[href]').evaluateAll((as) => as.map((a) => a.href).filter((h) => h.startsWith('file:')));
  const bad = links.filter((h) => !/\/index\.html(#.*)?$/.test(h) && !/\.[a-z0-9]+(#.*)?$/i.test(h.split('/').pop()));
  assert.deepEqual(bad, [], `links that a file:// browser cannot open: ${bad.join(', ')}`);
});
