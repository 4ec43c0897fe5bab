// Bytes a reader's first search downloads: serves a built site from 127.0.0.1, opens a page in
// headless Chromium with a cold cache, types a query into the header search box, and counts the
// bytes the server sent under `pagefind/` until the results are shown (worker fetches included,
// since the count is taken at the server). Two figures: raw file sizes, and bytes on the wire
// when text files (the two JS files, the entry JSON) are gzip'd as static hosts serve them;
// Pagefind's index files are gzip'd already.
//
// Each word is typed twice: at once, and at DELAY_MS per key (default 200, about 60 words a
// minute), since a pause while typing runs a search for the prefix typed so far.
//
// usage: node bench/first-query.mjs SITE_DIR WORD...   (CHROMIUM_BIN overrides /usr/bin/chromium)

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(repo, 'tests', 'browser', 'package.json'))('playwright-core');
const [site, ...words] = process.argv.slice(2);
if (!site || !words.length) {
  console.error('usage: node bench/first-query.mjs SITE_DIR WORD...');
  process.exit(2);
}

let served = [];
const server = http.createServer((req, res) => {
  const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
  let file = path.join(site, rel);
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
  if (!file.startsWith(path.resolve(site)) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return;
  }
  const body = fs.readFileSync(file);
  const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.html') ? 'text/html' : file.endsWith('.css') ? 'text/css' : file.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  const gzip = type !== 'application/octet-stream' && /gzip/.test(req.headers['accept-encoding'] || '');
  const wire = gzip ? zlib.gzipSync(body) : body;
  if (rel.startsWith('pagefind/')) served.push([rel, body.length, wire.length]);
  res.writeHead(200, { 'content-type': type, 'content-length': wire.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) }).end(wire);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium', args: ['--no-sandbox'] });

// A page a few levels down, like the ones readers land on.
const start = fs.readdirSync(site).find((d) => fs.existsSync(path.join(site, d, 'index.html')) && d !== 'pagefind');
const kind = (f) => (f.endsWith('.js') ? 'js' : f.includes('wasm') ? 'wasm' : f.split('/')[1]?.includes('.') ? 'meta' : f.split('/')[1]);
const delay = Number(process.env.DELAY_MS ?? 200);
let worst = 0;
for (const word of words) {
  for (const perKey of [0, delay]) {
    const context = await browser.newContext(); // a cold cache for every query
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.address().port}/${start}/`);
    served = [];
    await page.focus('#search-input');
    await page.keyboard.type(word, { delay: perKey });
    await page.waitForSelector('#search-listbox [role=option]', { timeout: 60000 });
    await page.waitForTimeout(500);
    const raw = served.reduce((sum, [, n]) => sum + n, 0);
    const wire = served.reduce((sum, [, , n]) => sum + n, 0);
    const byKind = {};
    for (const [f, , n] of served) byKind[kind(f)] = (byKind[kind(f)] || 0) + n;
    const parts = Object.entries(byKind).map(([k, n]) => `${k} ${(n / 1024).toFixed(0)}`).join(', ');
    if (process.env.VERBOSE) for (const [f, n, w] of served) console.log(`  ${f} ${n} (${w} on the wire)`);
    console.log(`"${word}" typed ${perKey ? `at ${perKey} ms a key` : 'at once'}: ${(wire / 1024).toFixed(0)} KB on the wire (${(raw / 1024).toFixed(0)} KB raw) in ${served.length} files [wire KB: ${parts}]`);
    worst = Math.max(worst, wire);
    await context.close();
  }
}
console.log(`largest first query: ${(worst / 1024).toFixed(0)} KB on the wire`);
await browser.close();
server.close();
