// Screenshots of the pages people judge the theme by, on a desktop and a phone, in light and dark
// mode, saved to tests/browser/output/ (gitignored) for a person to look at. With
// UPDATE_SCREENSHOTS=1 they are also copied to docs/screenshots/, which the README shows, as
// 256-colour PNGs (a third of the size, same look) so that the repository stays small.
// Each shot also checks the page rendered properly: styles applied and nothing wider than the
// viewport.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DESKTOP, PHONE, REPO, screenshot, useSite } from './harness.js';
import { quantizePng } from './png.js';

const site = useSite();
const DOCS = path.join(REPO, 'docs', 'screenshots');

const PAGES = {
  home: '',
  decision: 'decisions/0002-use-postgres-as-the-system-of-record/',
  decisions: 'decisions/',
  code: 'engineering/deploying/',
  search: 'search/?q=leave',
};

for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  for (const theme of ['light', 'dark']) {
    test(`screenshots: ${device}, ${theme}`, async (t) => {
      const tab = await site.open('', { viewport, theme });
      for (const [name, rel] of Object.entries(PAGES)) {
        await tab.goto(site.href(rel));
        await tab.page.evaluate(() => document.fonts.ready);
        if (rel.startsWith('search/')) await tab.page.locator('.search-page-result').first().waitFor({ timeout: 15_000 });
        const state = await tab.page.evaluate(() => ({
          sticky: getComputedStyle(document.querySelector('.site-header')).position,
          width: document.documentElement.scrollWidth,
        }));
        assert.equal(state.sticky, 'sticky', `/${rel}: styles did not apply`);
        assert.ok(state.width <= viewport.width, `/${rel}: the page is ${state.width}px wide in a ${viewport.width}px viewport`);
        const file = await screenshot(tab.page, `${name}-${device}-${theme}`);
        t.diagnostic(path.relative(REPO, file));
        if (process.env.UPDATE_SCREENSHOTS === '1') {
          fs.mkdirSync(DOCS, { recursive: true });
          const copy = path.join(DOCS, path.basename(file));
          fs.copyFileSync(file, copy);
          quantizePng(copy);
        }
        tab.assertClean(`/${rel}`);
      }
    });
  }
}
