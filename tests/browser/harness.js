// The browser-test harness: builds the example handbook with the real binary, serves it from a
// tiny static server on 127.0.0.1 (at `/` or under a subpath), drives Debian's headless Chromium
// through playwright-core, and turns console errors, failed requests and requests to other hosts
// into test failures that say which page and what went wrong.
//
// A test file calls `useSite()` once at top level; it registers node:test `before`/`after` hooks
// that build the site, start the server and launch ONE browser for the whole file. Tests then
// open pages with `site.open(path)` and check them with `tab.assertClean()`. See README.md here.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** The repository root (two levels above this file). */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The handbook the suite builds unless a test asks for another. */
export const EXAMPLE = path.join(REPO, 'example-handbook');
/** Where screenshots and other artefacts go (gitignored). */
export const OUTPUT = path.join(REPO, 'tests', 'browser', 'output');
/** Debian's Chromium; the suite never downloads a browser. */
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
/** Viewports used across the suite. */
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** The handbook binary: `$HANDBOOK_BIN`, else the debug build. */
export function handbookBin() {
  const bin = process.env.HANDBOOK_BIN || path.join(REPO, 'target', 'debug', 'handbook');
  if (!fs.existsSync(bin)) {
    throw new Error(`handbook binary not found at ${bin}: run \`cargo build\` or set HANDBOOK_BIN`);
  }
  return bin;
}

const tempDirs = [];

/** A fresh temporary directory, removed when the test file ends (unless KEEP_TMP=1). */
export function tempDir(label = 'handbook-browser-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), label));
  tempDirs.push(dir);
  return dir;
}

/** Removes every temp dir made so far; `useSite` calls it after the file's tests. */
export function removeTempDirs() {
  if (process.env.KEEP_TMP === '1') return;
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Copies a handbook source folder to a temp dir, for tests that edit content (e.g. live reload). */
export function copyHandbook(source = EXAMPLE) {
  const dir = path.join(tempDir('handbook-src-'), path.basename(source));
  fs.cpSync(source, dir, { recursive: true, filter: (src) => path.basename(src) !== 'public' });
  return dir;
}

/** Runs `handbook build` into `out`, failing with its output. */
function runBuild(source, out, { baseUrl, relativeIndex, args, background }) {
  const argv = ['build', source, '--out', out, '--quiet', ...args];
  if (baseUrl) argv.push('--base-url', baseUrl);
  if (relativeIndex) argv.push('--relative-index');
  // A long build in the background yields the CPU to the other test files running beside it
  // (live reload waits for `serve`'s rebuilds with a time limit).
  const run = background
    ? spawnSync('nice', ['-n', '15', handbookBin(), ...argv], { encoding: 'utf8' })
    : spawnSync(handbookBin(), argv, { encoding: 'utf8' });
  if (run.status !== 0) {
    throw new Error(`handbook ${argv.join(' ')} exited with ${run.status}\n${run.stderr}${run.stdout}`);
  }
}

/** A fingerprint of the binary, the handbook source and the build options. */
function buildKey(source, options) {
  const hash = crypto.createHash('sha256');
  const bin = handbookBin();
  const stat = fs.statSync(bin);
  hash.update(JSON.stringify([bin, stat.size, stat.mtimeMs, path.resolve(source), options]));
  for (const entry of fs.readdirSync(source, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const { size, mtimeMs } = fs.statSync(file);
    hash.update(`${file}\0${size}\0${mtimeMs}\n`);
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The folder where the test files of one `node --test` run share their builds: named after the
 * runner's pid (every test file is a child of it), and removed by a later run once that pid is
 * gone. A file run on its own (`node --test x.test.js` or `node x.test.js`) works the same way.
 */
function sharedBuildDir() {
  const base = path.join(os.tmpdir(), 'handbook-browser-builds');
  fs.mkdirSync(base, { recursive: true });
  for (const name of fs.readdirSync(base)) {
    const pid = Number(name.split('-')[0]);
    let alive = true;
    try { process.kill(pid, 0); } catch (e) { alive = e.code === 'EPERM'; }
    if (!alive) fs.rmSync(path.join(base, name), { recursive: true, force: true });
  }
  return path.join(base, String(process.ppid));
}

/**
 * Builds a handbook with `handbook build` and returns the output folder. Builds with the same
 * binary, source and options are shared by all the test files of one run (the site is only read
 * by the tests), so the example handbook is built once, not once per file. Pass `fresh: true` for
 * a private build in a temp dir that the test may change.
 * Options: source (handbook folder), baseUrl, relativeIndex, args (extra CLI arguments).
 */
export function buildSite({ source = EXAMPLE, baseUrl, relativeIndex = false, args = [], fresh = false, background = false } = {}) {
  const options = { baseUrl, relativeIndex, args, background };
  if (fresh || process.env.HANDBOOK_SHARE_BUILDS === '0') {
    const out = tempDir('handbook-site-');
    runBuild(source, out, options);
    return out;
  }
  const shared = path.join(sharedBuildDir(), buildKey(source, options));
  if (fs.existsSync(shared)) return shared;
  fs.mkdirSync(path.dirname(shared), { recursive: true });
  const staging = fs.mkdtempSync(`${shared}.tmp-`);
  try {
    runBuild(source, staging, options);
    fs.renameSync(staging, shared); // atomic; if another file won the race, use its build
  } catch (err) {
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(shared)) throw err;
  }
  return shared;
}

/** Every page of a built site, as URL paths relative to the site root (`policies/leave/`). */
export function listPages(dir) {
  const pages = [];
  const walk = (rel) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.name === 'index.html') pages.push(rel ? `${rel}/` : '');
    }
  };
  walk('');
  return pages.sort();
}

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/**
 * A static file server on 127.0.0.1 and a random free port, serving `dir` under `prefix`
 * (`/` or e.g. `/handbook/`), like a plain static host: `x/` serves `x/index.html`, `x` redirects
 * to `x/`, and a miss returns the site's 404.html with status 404. Requests outside the prefix get
 * a bare 404, so a link that escapes a subpath shows up as a failed request. `dir` may be set
 * after start (`server.dir = …`), for builds that need the port in their base URL.
 */
export async function startServer({ dir = null, prefix = '/' } = {}) {
  assert.ok(prefix.startsWith('/') && prefix.endsWith('/'), `prefix must start and end with /: ${prefix}`);
  const state = { dir, log: [] };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    state.log.push(url.pathname);
    const send = (status, headers, body) => {
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    let pathname;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(400, { 'content-type': 'text/plain' }, 'bad request');
    }
    if (!state.dir || !pathname.startsWith(prefix) || pathname.includes('\0')) {
      return send(404, { 'content-type': 'text/plain' }, `not found (outside ${prefix})`);
    }
    const rel = pathname.slice(prefix.length);
    const file = path.resolve(state.dir, rel);
    if (file !== state.dir && !file.startsWith(state.dir + path.sep)) {
      return send(403, { 'content-type': 'text/plain' }, 'forbidden');
    }
    let target = file;
    let stat = fs.statSync(target, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      if (!pathname.endsWith('/')) return send(301, { location: `${url.pathname}/${url.search}` }, '');
      target = path.join(target, 'index.html');
      stat = fs.statSync(target, { throwIfNoEntry: false });
    }
    if (stat?.isFile()) {
      const type = MIME[path.extname(target).toLowerCase()] || 'application/octet-stream';
      return send(200, { 'content-type': type }, fs.readFileSync(target));
    }
    const notFound = path.join(state.dir, '404.html');
    const body = fs.existsSync(notFound) ? fs.readFileSync(notFound) : 'not found';
    return send(404, { 'content-type': 'text/html; charset=utf-8' }, body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    prefix,
    /** The site root URL, ending in `/`. */
    url: `http://127.0.0.1:${port}${prefix}`,
    /** Every path requested so far. */
    log: state.log,
    get dir() { return state.dir; },
    set dir(value) { state.dir = path.resolve(value); },
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}

/**
 * Launches Debian's Chromium headless. Playwright gives every launch a fresh temporary
 * `--user-data-dir` of its own (it refuses one in `args`) and deletes it on close.
 */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/test.sh (it installs it) or apt-get install chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** Whether a URL may be requested: only the local test server, files and inline data. */
function isLocal(url) {
  if (/^(data|blob|about|file):/.test(url)) return true;
  try {
    return new URL(url).hostname === '127.0.0.1';
  } catch {
    return false;
  }
}

/**
 * A browser context with problem tracking. Every request is routed: one to a host other than
 * 127.0.0.1 is blocked and recorded. Console errors, uncaught exceptions, failed requests and
 * HTTP errors (>= 400) are recorded too, per page.
 * Options: viewport, theme ('light' | 'dark': stored in localStorage before any page runs),
 * colorScheme (the system preference), allowStatus (HTTP statuses not to report, e.g. [404]).
 */
export async function newContext(browser, { viewport = DESKTOP, theme, colorScheme = 'light', ...rest } = {}) {
  const context = await browser.newContext({ viewport, colorScheme, reducedMotion: 'reduce', ...rest });
  const offHost = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url)) return route.continue();
    offHost.push(url);
    return route.abort('blockedbyclient');
  });
  if (theme) {
    // Stored once per tab, so that a test can still flip it with the toggle afterwards.
    await context.addInitScript((value) => {
      try {
        if (!sessionStorage.getItem('handbook-test-theme-set')) {
          localStorage.setItem('handbook-theme', value);
          sessionStorage.setItem('handbook-test-theme-set', '1');
        }
      } catch {
        /* about:blank has no storage */
      }
    }, theme);
  }
  context.offHost = offHost;
  return context;
}

/**
 * A page in `context` that records its problems. `tab.problems` is the list since the last
 * `goto`; `tab.assertClean()` fails with every one of them, naming the page.
 */
export async function newTab(context, { allowStatus = [] } = {}) {
  const page = await context.newPage();
  const problems = [];
  const offHostSeen = context.offHost?.length ?? 0;
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      const where = loc?.url ? ` (${loc.url}:${loc.lineNumber})` : '';
      problems.push(`console error: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.stack || err.message}`));
  page.on('requestfailed', (req) => {
    if (!isLocal(req.url())) return; // reported as off-host below, with the URL
    // ERR_ABORTED means the page stopped wanting it (a click navigated away while, say, the
    // favicon was loading); a missing file shows up as an HTTP status instead.
    if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
    problems.push(`request failed: ${req.method()} ${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && !allowStatus.includes(res.status())) {
      problems.push(`HTTP ${res.status()}: ${res.request().method()} ${res.url()}`);
    }
  });
  let offHostMark = offHostSeen;
  const tab = {
    page,
    problems,
    /** Navigates (clearing earlier problems) and waits for the load event. Returns the response. */
    async goto(url, options = {}) {
      problems.length = 0;
      offHostMark = context.offHost?.length ?? 0;
      return page.goto(url, { waitUntil: 'load', ...options });
    },
    /** Forgets the problems seen so far (e.g. after a navigation by click). */
    reset() {
      problems.length = 0;
      offHostMark = context.offHost?.length ?? 0;
    },
    /** Every problem since the last goto/reset, including blocked off-host requests. */
    allProblems() {
      const off = (context.offHost ?? []).slice(offHostMark).map((u) => `request to another host (blocked): ${u}`);
      return [...problems, ...off];
    },
    /** Fails, naming the page, if anything went wrong since the last goto/reset. */
    assertClean(label = page.url()) {
      const all = tab.allProblems();
      if (all.length) assert.fail(`${label}: ${all.length} problem(s)\n  - ${all.join('\n  - ')}`);
    },
    close: () => page.close(),
  };
  return tab;
}

/**
 * The per-file fixture: builds the site (before any test), serves it, launches one browser, and
 * tears everything down at the end. Options:
 *   source        handbook folder (default: example-handbook)
 *   prefix        serve under this path, e.g. '/handbook/' (base_url is set to match)
 *   relativeIndex build with --relative-index
 *   serve         false: don't start the HTTP server (file:// tests)
 *   args          extra `handbook build` arguments
 *   fresh         build into a private temp dir instead of sharing the run's build
 *   background    build at a low CPU priority (a large handbook, beside other test files)
 * The returned object is filled in by the `before` hook: dir, server, url, browser, pages, and
 * helpers `open(path, contextOptions)` and `href(path)`.
 */
export function useSite({ source = EXAMPLE, prefix = '/', relativeIndex = false, serve = true, args = [], fresh = false, background = false } = {}) {
  const site = {};
  const contexts = [];
  let starting = null;
  /**
   * Builds, serves and launches, once; every helper awaits it, so tests and later hooks can rely
   * on the site whatever order node:test runs top-level hooks in.
   */
  site.ready = () => {
    starting ??= (async () => {
      if (serve) {
        site.server = await startServer({ prefix });
        site.url = site.server.url;
      }
      const baseUrl = serve && prefix !== '/' ? site.url : undefined;
      site.dir = buildSite({ source, baseUrl, relativeIndex, args, fresh, background });
      if (serve) site.server.dir = site.dir;
      site.pages = listPages(site.dir);
      site.browser = await launchBrowser();
    })();
    return starting;
  };
  before(() => site.ready());
  after(async () => {
    await starting?.catch(() => {});
    for (const context of contexts) await context.close().catch(() => {});
    await site.browser?.close();
    await site.server?.close();
    removeTempDirs();
  });
  /** The absolute URL of a site path (`policies/leave/`); file:// when not serving. */
  site.href = (rel = '') => {
    if (serve) return new URL(rel, site.url).href;
    const file = rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel;
    return pathToFileURL(path.join(site.dir, file)).href;
  };
  /** A new context (see newContext) with one tab, shared cleanup. */
  site.context = async (options = {}) => {
    await site.ready();
    const context = await newContext(site.browser, options);
    contexts.push(context);
    return context;
  };
  /**
   * Opens `rel` and returns the tab. Without options it reuses one shared tab (in a default light,
   * desktop context), which keeps the suite fast; with options (viewport, theme, colorScheme,
   * allowStatus, or an existing `context`) it opens a new tab.
   */
  site.open = async (rel = '', options = {}) => {
    await site.ready();
    const { context, allowStatus, ...contextOptions } = options;
    let tab;
    if (Object.keys(options).length === 0) {
      site.defaultTab ??= await newTab(await site.context());
      tab = site.defaultTab;
    } else {
      tab = await newTab(context ?? (await site.context(contextOptions)), { allowStatus });
    }
    const response = await tab.goto(site.href(rel));
    if (serve) assert.equal(response?.status(), 200, `${rel || '/'}: HTTP ${response?.status()}`);
    return tab;
  };
  return site;
}

/** Runs axe-core on the page and returns the violations of the given impacts. */
export async function runAxe(page, impacts = ['serious', 'critical']) {
  const source = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: source });
  const results = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
    }));
  });
  return results.filter((v) => impacts.includes(v.impact));
}

/** Formats axe violations for a failure message. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes.slice(0, 8).map((n) => `      at ${n.target}\n        ${n.html.slice(0, 160)}\n        ${(n.summary || '').replace(/\n/g, '\n        ')}`);
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))\n${nodes.join('\n')}${more}`;
    })
    .join('\n');
}

/** Saves a viewport screenshot into tests/browser/output/ and returns its path. */
export async function screenshot(page, name) {
  fs.mkdirSync(OUTPUT, { recursive: true });
  const file = path.join(OUTPUT, `${name}.png`);
  await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
  return file;
}
