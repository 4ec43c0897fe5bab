// Accessibility: axe-core finds no serious or critical violation on each kind of page, in light
// and in dark mode (colour contrast differs between the two), on a desktop and on a phone.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, formatViolations, runAxe, useSite } from './harness.js';

const site = useSite();

const PAGES = {
  home: '',
  'content page': 'policies/leave/',
  'page with code and tables': 'engineering/deploying/',
  'decision page': 'decisions/0002-use-postgres-as-the-system-of-record/',
  'decisions section': 'decisions/',
  'page with a diagram': 'communication/when-to-switch-to-a-call/',
  'tag index': 'tags/',
  health: 'health/',
  changes: 'changes/',
  'search results': 'search/?q=leave',
};
// On a phone the header and the TOC change; the page bodies are the same as on a desktop.
const PHONE_PAGES = { home: PAGES.home, 'decision page': PAGES['decision page'] };

for (const theme of ['light', 'dark']) {
  for (const [viewportName, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    test(`axe: no serious or critical violations (${theme}, ${viewportName})`, async () => {
      const context = await site.context({ theme, viewport });
      const failures = [];
      const tab = await site.open('', { context });
      const pages = viewportName === 'phone' ? PHONE_PAGES : PAGES;
      for (const [name, rel] of Object.entries(pages)) {
        await tab.goto(site.href(rel));
        if (await tab.page.locator('pre.mermaid').count()) await tab.page.locator('pre.mermaid svg').first().waitFor({ timeout: 15_000 });
        if (rel.startsWith('search/')) await tab.page.locator('.search-page-result').first().waitFor({ timeout: 15_000 });
        assert.equal(await tab.page.evaluate(() => document.documentElement.getAttribute('data-theme')), theme);
        const violations = await runAxe(tab.page);
        if (violations.length) failures.push(`${name} (/${rel}):\n${formatViolations(violations)}`);
        tab.assertClean(`/${rel}`);
      }
      if (failures.length) assert.fail(`axe found serious or critical violations in ${theme} mode on a ${viewportName}:\n${failures.join('\n')}`);
    });
  }
}
