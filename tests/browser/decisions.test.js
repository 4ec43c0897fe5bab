// The decision log in the page: status and tag filters narrow the table without a server, the
// columns sort, and a superseded decision links to its successor and back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useSite } from './harness.js';

const site = useSite();

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
