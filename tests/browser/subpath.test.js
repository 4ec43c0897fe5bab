// The site served under a subpath, as on GitHub Pages or behind a shared host:
// built with `--base-url http://127.0.0.1:PORT/handbook/` and served only under /handbook/.
// The server answers anything outside /handbook/ with a bare 404, so a root-absolute link or
// asset shows up as a failed request.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.js';

const site = useSite({ prefix: '/handbook/' });

test('under /handbook/, pages load with their styles and scripts', async () => {
  assert.match(site.url, /\/handbook\/$/);
  for (const rel of ['', 'policies/leave/', 'decisions/0002-use-postgres-as-the-system-of-record/', 'communication/when-to-switch-to-a-call/']) {
    const tab = await site.open(rel);
    const styles = await tab.page.evaluate(() => ({
      header: getComputedStyle(document.querySelector('.site-header')).position,
      sheets: [...document.styleSheets].map((s) => s.href),
    }));
    assert.equal(styles.header, 'sticky', `/handbook/${rel}: style.css did not apply`);
    for (const href of styles.sheets.filter(Boolean)) assert.ok(href.startsWith(site.url), `/handbook/${rel}: stylesheet outside the subpath: ${href}`);
    if (rel.includes('call')) await tab.page.locator('pre.mermaid svg').first().waitFor({ timeout: 15_000 });
    tab.assertClean(`/handbook/${rel}`);
  }
  const outside = site.server.log.filter((p) => !p.startsWith('/handbook/'));
  assert.deepEqual(outside, [], `requests outside /handbook/: ${outside.join(', ')}`);
});

test('under /handbook/, navigation stays inside the subpath', async () => {
  const tab = await site.open('');
  const { page } = tab;
  await page.locator('.sidebar a', { hasText: 'Policies' }).click();
  await page.waitForURL(site.href('policies/'));
  await page.locator('.sidebar a', { hasText: 'Security' }).click();
  await page.waitForURL(site.href('policies/security/'));
  assert.equal(await page.locator('.sidebar [aria-current="page"]').textContent(), 'Security');
  await page.locator('.prev-next .prev').click();
  await page.waitForLoadState('load');
  assert.ok(page.url().startsWith(site.url), `Previous left the subpath: ${page.url()}`);
  await page.locator('.breadcrumbs a').first().click();
  await page.waitForURL(site.href(''));
  await page.locator('.site-title').click();
  await page.waitForURL(site.href(''));
  tab.assertClean();
});

test('under /handbook/, a missing page gets the styled 404 page with working links', async () => {
  const tab = await site.open('', { allowStatus: [404] });
  const response = await tab.goto(site.href('no/such/page/'));
  assert.equal(response.status(), 404);
  const header = await tab.page.locator('.site-header').evaluate((e) => getComputedStyle(e).position);
  assert.equal(header, 'sticky', 'the 404 page under a subpath is unstyled: its asset links miss the subpath');
  tab.problems.splice(0, tab.problems.length, ...tab.problems.filter((p) => !p.includes('no/such/page') && !p.startsWith('console error: Failed to load resource: the server responded with a status of 404')));
  tab.assertClean('/handbook/no/such/page/');
  await tab.page.locator('.site-title').click();
  await tab.page.waitForURL(site.href(''));
});
