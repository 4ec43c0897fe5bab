// The decision log in the page: status and tag filters narrow the table without a server, the
// columns sort, and a superseded decision links to its successor and back. On a phone the log
// is a list of cards without sideways scrolling, record 0 shows its number, and the search box
// finds a record by its number.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { copyHandbook, useSite } from './harness.js';

const site = useSite();

/** The example handbook plus a MADR record 0 (every MADR folder starts there) whose card holds
 * a long URL. */
function withRecordZero() {
  const dir = copyHandbook();
  fs.mkdirSync(path.join(dir, 'decisions', '0000-use-markdown-decision-records'));
  fs.writeFileSync(
    path.join(dir, 'decisions', '0000-use-markdown-decision-records', 'index.md'),
    '---\nstatus: accepted\ndate: 2023-01-02\ndeciders: [Ana Lima]\ndiscussion: https://github.com/example/handbook/discussions/1198/an-unusually-long-path-that-would-not-wrap-on-a-phone\n---\n\n' +
      '# Use Markdown decision records\n\n## Context and Problem Statement\n\nWe want to keep decisions.\n',
  );
  return dir;
}

const zero = useSite({ source: withRecordZero(), fresh: true });

/** True when the page scrolls sideways. */
async function scrollsSideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Statuses of the visible rows of the log table. */
async function visibleStatuses(page) {
  return page.locator('.log-table tbody tr:not([hidden])').evaluateAll((rows) => rows.map((r) => r.dataset.status));
}

test('the status filter narrows the log to that status', async () => {
  const tab = await site.open('decisions/');
  const { page } = tab;
  const all = await visibleStatuses(page);
  assert.equal(all.length, 12, `the log lists ${all.length} decisions`);
  await page.locator('select[data-filter="status"]').selectOption('accepted');
  const accepted = await visibleStatuses(page);
  assert.ok(accepted.length > 0 && accepted.length < all.length, `${accepted.length} accepted of ${all.length}`);
  assert.deepEqual([...new Set(accepted)], ['accepted']);
  assert.match(await page.locator('.log-count').textContent(), new RegExp(`^${accepted.length} decisions?$`));
  await page.locator('select[data-filter="status"]').selectOption('');
  assert.equal((await visibleStatuses(page)).length, all.length);
  tab.assertClean();
});

test('the tag filter narrows the log, and combines with the status filter', async () => {
  const tab = await site.open('decisions/');
  const { page } = tab;
  const tags = await page.locator('select[data-filter="tag"] option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
  assert.ok(tags.length > 1, 'the log offers tags to filter by');
  await page.locator('select[data-filter="tag"]').selectOption(tags[0]);
  const rows = await page.locator('.log-table tbody tr:not([hidden])').evaluateAll((r) => r.map((x) => x.dataset.tags.split('|')));
  assert.ok(rows.length > 0);
  for (const t of rows) assert.ok(t.includes(tags[0]), `a row without tag ${tags[0]}: ${t}`);
  await page.locator('select[data-filter="status"]').selectOption('rejected');
  const both = await visibleStatuses(page);
  assert.ok(both.every((s) => s === 'rejected'));
  tab.assertClean();
});

test('sorting by number orders the rows, and the header says which way', async () => {
  const tab = await site.open('decisions/');
  const { page } = tab;
  await page.locator('th button[data-sort="number"]').click();
  const numbers = await page.locator('.log-table tbody tr').evaluateAll((r) => r.map((x) => Number(x.dataset.number)));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b));
  assert.equal(await page.locator('th:has(button[data-sort="number"])').getAttribute('aria-sort'), 'ascending');
  tab.assertClean();
});

test('each status has its own page, linked from the counts', async () => {
  const tab = await site.open('decisions/');
  const { page } = tab;
  await page.locator('.status-counts a', { hasText: 'Superseded' }).click();
  await page.waitForURL(site.href('decisions/status/superseded/'));
  assert.deepEqual([...new Set(await visibleStatuses(page))], ['superseded']);
  tab.assertClean();
});

test('a superseded decision links to its successor, which links back', async () => {
  const tab = await site.open('decisions/0003-weekly-written-status-updates-instead-of-standup/');
  const { page } = tab;
  const notice = page.locator('.notice', { hasText: 'Superseded' });
  await notice.locator('a').click();
  await page.waitForURL(site.href('decisions/0006-move-to-twice-weekly-status-updates/'));
  const chain = page.locator('.decision-chain');
  assert.match(await chain.textContent(), /ADR 3:/);
  await chain.locator('a', { hasText: 'ADR 3:' }).click();
  await page.waitForURL(site.href('decisions/0003-weekly-written-status-updates-instead-of-standup/'));
  tab.assertClean();
});

test('on a 390 px phone the log is a list of cards without sideways scrolling', async () => {
  const tab = await zero.open('decisions/', { viewport: { width: 390, height: 844 } });
  const { page } = tab;
  assert.equal(await scrollsSideways(page), false, 'the log scrolls sideways at 390 px');
  const wrapScrolls = await page.locator('.decision-log .table-wrap').evaluate((w) => w.scrollWidth > w.clientWidth + 1);
  assert.equal(wrapScrolls, false, 'the table scrolls sideways inside its box at 390 px');
  const display = await page.locator('.log-table tbody tr').first().evaluate((tr) => getComputedStyle(tr).display);
  assert.equal(display, 'grid', 'rows are cards');
  const row = page.locator('.log-table tbody tr[data-number="0"]');
  assert.equal((await row.locator('.log-number').textContent()).trim(), '0');
  assert.ok(await row.locator('.log-number').isVisible(), 'record 0 shows its number');
  // "Superseded by" is a link to the successor.
  const superseded = page.locator('.log-table tbody tr[data-number="6"] .log-superseded a');
  assert.match(await superseded.getAttribute('href'), /0009-project-status-threads-with-a-weekly-digest\/$/);
  tab.assertClean();
});

test('record 0 shows its number on its card, and a long URL wraps at 320 px', async () => {
  const tab = await zero.open('decisions/0000-use-markdown-decision-records/', { viewport: { width: 320, height: 700 } });
  const { page } = tab;
  assert.match(await page.locator('.decision-card').textContent(), /ADR 0\b/);
  assert.equal(await scrollsSideways(page), false, 'the record scrolls sideways at 320 px');
  tab.assertClean();
});

test('searching ADR-6, #6 or 0006 puts record 6 first', async () => {
  for (const query of ['ADR-6', '#6', 'adr 0006', '0006']) {
    const tab = await site.open('decisions/', { viewport: { width: 1280, height: 800 } });
    const { page } = tab;
    await page.locator('#search-input').fill(query);
    await page.waitForSelector('#search-listbox:not([aria-busy]) [role=option]');
    const first = await page.locator('#search-listbox .search-result').first().getAttribute('href');
    assert.match(first, /decisions\/0006-move-to-twice-weekly-status-updates\/$/, `${query}: first result ${first}`);
    tab.assertClean();
  }
});
