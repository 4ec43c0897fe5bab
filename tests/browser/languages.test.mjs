// Languages in headless Chromium: Japanese and Chinese two-character words found inside longer
// runs of text (the index is segmented at build time, the query by the browser), the language
// switcher of a bilingual handbook, and a right-to-left (Arabic) page that mirrors without
// scrolling sideways.
//
// Self-contained like search.test.mjs (its own builds, static server and browser). Needs
// playwright-core from npm, Debian's /usr/bin/chromium and a built binary: `cargo build`, then
// `node --test tests/browser/languages.test.mjs`. HANDBOOK_BIN and CHROMIUM_BIN override the paths.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = process.env.HANDBOOK_BIN || path.join(REPO, 'target', 'debug', 'handbook');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const SUBPATH = '/hb/';
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};

let dir;
let browser;
const servers = [];
const sites = {};

/** Writes a handbook from `{ path: text }` and builds it; returns the output folder. */
function build(name, files) {
  const source = path.join(dir, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(source, rel)), { recursive: true });
    fs.writeFileSync(path.join(source, rel), text);
  }
  const target = path.join(dir, `${name}-out`);
  const run = spawnSync(BIN, ['build', source, '--out', target], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`handbook build ${name} failed (${run.status}):\n${run.stderr}`);
  return { target, stderr: run.stderr };
}

function serve(root) {
  return http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (!url.pathname.startsWith(SUBPATH)) return res.writeHead(404).end();
    let file = path.join(root, decodeURIComponent(url.pathname.slice(SUBPATH.length)));
    if (!file.startsWith(root)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return res.writeHead(404).end('not found');
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    res.end(body);
  });
}

async function start(root) {
  const s = serve(root);
  servers.push(s);
  await new Promise((resolve) => s.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${s.address().port}${SUBPATH}`;
}

before(async () => {
  if (!fs.existsSync(BIN)) throw new Error(`no handbook binary at ${BIN}: run \`cargo build\` or set HANDBOOK_BIN`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handbook-languages-'));
  const ja = build('ja', {
    'handbook.yml': 'title: チームハンドブック\nlanguage: ja\n',
    'index.md': '# ホーム\n\nこのハンドブックでは私たちの働き方を説明します。\n',
    // 会議 ("meeting") appears only inside longer runs of Japanese text.
    'guide/weekly.md': '# 週次の進め方\n\n毎週月曜日の定例会議で進捗を共有し、決定事項は必ず議事録に残します。\n',
    'guide/tools.md': '# 道具\n\n連絡にはチャットを使い、文書は共有フォルダに置きます。\n',
  });
  const zh = build('zh', {
    'handbook.yml': 'title: 团队手册\nlanguage: zh\n',
    'index.md': '# 首页\n\n本手册介绍我们的工作方式。\n',
    // 项目 ("project") appears only inside a longer run of Chinese text.
    'guide/weekly.md': '# 每周例会\n\n我们每周一召开例会讨论项目进展并记录所有决定。\n',
    'guide/tools.md': '# 工具\n\n我们使用聊天工具沟通，文件放在共享文件夹中。\n',
  });
  const bi = build('bi', {
    'handbook.yml': 'title: Team handbook\nlanguage: en\nlanguages: [ja]\n',
    'index.md': '# Home\n\nWelcome. Read [remote work](guide/remote.md).\n',
    'guide/remote.md': '# Remote work\n\nWe work remotely.\n',
    'guide/tools.md': '# Tools\n\nWe use chat.\n',
    'ja/index.md': '# ホーム\n\nようこそ。\n',
    'ja/guide/remote.md': '# リモートワーク\n\n全員がリモートで働いています。\n',
  });
  const ar = build('ar', {
    'handbook.yml': 'title: دليل الفريق\nlanguage: ar\n',
    'index.md': '# الرئيسية\n\nيشرح هذا الدليل طريقة عملنا.\n',
    'guide/remote.md': '---\nowner: فريق العمليات\nreviewed: 2026-01-15\ntags: [عمل, عن بعد]\n---\n# العمل عن بعد\n\nنعمل جميعًا عن بعد ونكتب القرارات المهمة في مستندات مشتركة يمكن لأي شخص قراءتها في أي وقت.\n\n## ساعات العمل\n\nلا توجد ساعات عمل أساسية؛ ينظم كل شخص وقته بنفسه.\n\n| اليوم | الاجتماع |\n| --- | --- |\n| الاثنين | التخطيط الأسبوعي |\n\n## التواصل\n\nنستخدم المحادثة المكتوبة أولًا.\n',
  });
  for (const [name, site] of Object.entries({ ja, zh, bi, ar })) sites[name] = await start(site.target);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
});

after(async () => {
  await browser?.close();
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  if (dir && process.env.KEEP_TMP !== '1') fs.rmSync(dir, { recursive: true, force: true });
});

async function open(t, url, viewport = { width: 1280, height: 800 }) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  t.after(async () => {
    await page.close();
    assert.deepEqual(problems, [], `problems on ${url}`);
  });
  await page.goto(url);
  return page;
}

/** axe-core on the whole page finds nothing serious (skipped, and said, without axe-core). */
async function assertAccessible(t, page) {
  let axePath = null;
  try {
    axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
  } catch {
    t.diagnostic('axe-core is not installed: accessibility check skipped');
    return;
  }
  await page.addScriptTag({ path: axePath });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`);
  });
  assert.deepEqual(violations, []);
}

/** Types `term` into the search box and returns the result hrefs once they show. */
async function search(page, term) {
  await page.click('#search-input');
  await page.keyboard.type(term);
  await page.waitForSelector('#search-listbox:not([aria-busy]) .search-result', { timeout: 10000 });
  return page.$$eval('#search-listbox .search-result:not(.search-result-sub)', (els) => els.map((a) => a.href));
}

test('a two-character Japanese word inside a longer run of text finds its page', async (t) => {
  const page = await open(t, sites.ja + 'guide/tools/');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  const found = await search(page, '会議');
  assert.ok(found.length >= 1 && found[0].endsWith('/hb/guide/weekly/'), `results: ${found}`);
  assert.ok(!found.some((h) => h.endsWith('/guide/tools/')), `results: ${found}`);
  // The search box speaks Japanese.
  const status = await page.textContent('.search-status');
  assert.match(status, /件の結果/);
});

test('a two-character Chinese word inside a longer run of text finds its page', async (t) => {
  const page = await open(t, sites.zh);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh');
  const found = await search(page, '项目');
  assert.ok(found.length >= 1 && found[0].endsWith('/hb/guide/weekly/'), `results: ${found}`);
});

test('the language switcher leads to the page in the other language and back', async (t) => {
  const page = await open(t, sites.bi + 'guide/remote/');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await page.click('.language-switcher summary');
  await assertAccessible(t, page);
  await page.click('.language-switcher a[hreflang="ja"]');
  await page.waitForURL('**/hb/ja/guide/remote/');
  assert.equal(await page.getAttribute('html', 'lang'), 'ja');
  assert.equal(await page.textContent('h1'), 'リモートワーク');
  await page.click('.language-switcher summary');
  await page.click('.language-switcher a[hreflang="en"]');
  await page.waitForURL('**/hb/guide/remote/');
  // An untranslated page: the switcher leads to the fallback, which says so.
  await page.goto(sites.bi + 'guide/tools/');
  await page.click('.language-switcher summary');
  await page.click('.language-switcher a[hreflang="ja"]');
  await page.waitForURL('**/hb/ja/guide/tools/');
  assert.match(await page.textContent('.translation-notice'), /まだ日本語に翻訳されていません/);
  assert.match(await page.textContent('main'), /We use chat\./);
});

for (const [label, viewport] of [['desktop', { width: 1280, height: 800 }], ['phone', { width: 375, height: 740 }]]) {
  test(`an Arabic page renders right to left without horizontal scroll (${label})`, async (t) => {
    const page = await open(t, sites.ar + 'guide/remote/', viewport);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `scrolls sideways: ${JSON.stringify(widths)}`);
    if (label === 'desktop') await assertAccessible(t, page);
    const h1 = await page.$eval('h1', (h) => h.getBoundingClientRect());
    if (label === 'desktop') {
      // Mirrored: the sidebar is on the right of the text, the title starts at the right.
      const sidebar = await page.$eval('#sidebar', (s) => s.getBoundingClientRect());
      const main = await page.$eval('main', (m) => m.getBoundingClientRect());
      assert.ok(sidebar.left > main.left, `sidebar ${sidebar.left} is not right of main ${main.left}`);
      const text = await page.$eval('h1', (h) => { const r = document.createRange(); r.selectNodeContents(h); return r.getBoundingClientRect(); });
      assert.ok(h1.right - text.right < 2, `title text is not at the right: ${text.right} vs ${h1.right}`);
    } else {
      // The closed menu drawer sits off screen to the right, and opens into view.
      await page.click('.nav-toggle');
      await page.waitForTimeout(300);
      const sidebar = await page.$eval('#sidebar', (s) => s.getBoundingClientRect());
      assert.ok(sidebar.right <= viewport.width + 1 && sidebar.left >= 0, `open drawer at ${sidebar.left}..${sidebar.right}`);
      const after = await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
      assert.ok(after, 'the open drawer makes the page scroll sideways');
    }
  });
}
