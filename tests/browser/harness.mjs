// harness.mjs — what every browser test needs: a fixture ledger and a real
// `ogi serve` on a free loopback port, the system's Chromium driven by
// Playwright (no downloaded browser), screenshots kept as test artefacts,
// and facts read from the domain spec instead of copied into the tests.
//
// Environment (set by ctest through tests/cli/test_browser.sh; defaults for
// a run by hand from the repository root): OGI_BIN, OGI_SHARED,
// OGI_SOURCE_DIR, OGI_BUILD_DIR, OGI_CHROMIUM (default /usr/bin/chromium).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const sourceDir = process.env.OGI_SOURCE_DIR || path.resolve(here, '../..');
const buildDir = process.env.OGI_BUILD_DIR || path.join(sourceDir, 'build-browser');
export const ogiBin = process.env.OGI_BIN || path.join(buildDir, 'ogi');
export const sharedDir = process.env.OGI_SHARED || path.resolve(sourceDir, '../shared');
export const artifactDir = path.join(buildDir, 'artifacts', 'browser');
const chromiumPath = process.env.OGI_CHROMIUM || '/usr/bin/chromium';
const calendar = path.join(sharedDir, 'spec', 'holidays.csv');

const START_TIMEOUT_MS = 30000; // the sanitizer build starts slowly on a busy machine
const STOP_TIMEOUT_MS = 10000;
export const STEP_TIMEOUT_MS = 15000; // any one browser action or assertion wait
export const TEST_TIMEOUT_MS = 180000; // one whole test

// The server and the browser talk to 127.0.0.1 only: a proxy from the
// environment would intercept them.
const PROXY_VARS = ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY',
  'all_proxy', 'no_proxy', 'NO_PROXY'];
function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  for (const v of PROXY_VARS) delete env[v];
  return env;
}
for (const v of PROXY_VARS) delete process.env[v];

export const demoPassword = 'browser-demo-pass-123';
// The day the tests run on, pinned (OGI_TODAY, ogi/calendar.h) so that every
// deadline they see lies inside the calendar's years, whatever the date.
export const TODAY = '2025-06-16';

// A demo ledger (`ogi demo`: two agencies, staff accounts, a year of
// applications) in a fresh temporary directory.
function makeDemoLedger(dir) {
  const db = path.join(dir, 'demo.db');
  const run = spawnSync(ogiBin, ['demo', '--db', db, '--calendar', calendar, '--year', TODAY.slice(0, 4),
    '--asof', TODAY, '--password-stdin'], {
    input: `${demoPassword}\n`, env: cleanEnv({ OGI_PWHASH_COST: 'min' }), encoding: 'utf8',
    timeout: START_TIMEOUT_MS,
  });
  if (run.status !== 0)
    throw new Error(`ogi demo failed (${run.status ?? run.signal}): ${run.stderr}`);
  return db;
}

function waitForUrl(child, out, timeoutMs) {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => done(new Error(`ogi serve did not start within ${timeoutMs} ms`)), timeoutMs);
    function done(err, url) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      err ? reject(err) : resolve(url);
    }
    function onData(chunk) {
      seen += chunk;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (m) done(null, m[1]);
    }
    function onExit(code, signal) { done(new Error(`ogi serve exited (${code ?? signal}) before listening`)); }
    child.stdout.on('data', onData);
    child.on('exit', onExit);
    child.stdout.pipe(out, { end: false });
  });
}

// Start `ogi serve` on a demo ledger.  Returns { base, db, stop }; stop()
// resolves to the server's exit code (0 = clean shutdown) and removes the
// temporary directory.  The server's stderr is kept as an artefact.
export async function startServer(name) {
  mkdirSync(artifactDir, { recursive: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'ogi-browser-'));
  let child;
  try {
    const db = makeDemoLedger(dir);
    const log = createWriteStream(path.join(artifactDir, `${name}-server.log`));
    child = spawn(ogiBin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--calendar', calendar,
      '--static', path.join(sourceDir, 'data', 'web'), '--threads', '2'],
    { env: cleanEnv({ OGI_PWHASH_COST: 'min', OGI_TODAY: TODAY }), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.setEncoding('utf8');
    child.stderr.pipe(log);
    const base = await waitForUrl(child, log, START_TIMEOUT_MS);
    return { base, db, stop: () => stopServer(child, dir) };
  } catch (err) {
    await stopServer(child, dir);
    throw err;
  }
}

async function stopServer(child, dir) {
  let code = null;
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', (c, s) => resolve(c ?? s)));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    code = await exited;
    clearTimeout(timer);
  } else if (child) {
    code = child.exitCode ?? child.signalCode;
  }
  rmSync(dir, { recursive: true, force: true });
  return code;
}

// Chromium from the system (Debian's package), headless, with the options
// this closed network needs.  Playwright gives every launch a fresh
// temporary user data dir and removes it on close.
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: START_TIMEOUT_MS,
    env: cleanEnv(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

// A new browser context (own cookies) with bounded waits, Chinese locale.
export async function newPage(browser) {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
  return page;
}

// Screenshot of a whole page or of one element (a Locator) as NAME.png.
export async function shot(pageOrLocator, name) {
  mkdirSync(artifactDir, { recursive: true });
  const file = path.join(artifactDir, `${name}.png`);
  if (typeof pageOrLocator.goto === 'function')
    await pageOrLocator.screenshot({ path: file, fullPage: true });
  else
    await pageOrLocator.screenshot({ path: file });
}

// Submit a form by clicking its button and return the HTTP status of the
// page the browser lands on (after redirects).
export async function submitAndWait(page, button) {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  return response ? response.status() : 0;
}

// ---- facts from the domain spec (shared/spec/annual-report-format.md) ----

const formatSpec = () => readFileSync(path.join(sharedDir, 'spec', 'annual-report-format.md'), 'utf8');

// The section 三 outcome row whose label contains `fragment`: { key, label }.
export function outcomeRow(fragment) {
  for (const line of formatSpec().split('\n')) {
    const m = /^\|\s*\d+\s*\|\s*`([a-z0-9_]+)`\s*\|\s*([^|]+?)\s*\|/.exec(line);
    if (m && m[2].includes(fragment)) return { key: m[1], label: m[2] };
  }
  throw new Error(`no section 三 outcome row labelled …${fragment}… in the spec`);
}

// The spec's section 三 cell keys of an outcome row (its Appendix A line):
// the one for column colKey and the row's total.
export function section3Keys(rowKey, colKey) {
  const line = formatSpec().split('\n').find((l) => l.startsWith(`| \`${rowKey}\` |`));
  const keys = line ? [...line.matchAll(/`(s3_[a-z0-9_]+)`/g)].map((m) => m[1]) : [];
  const cell = keys.find((k) => k.endsWith(`__${colKey}`));
  const total = keys.find((k) => k.endsWith('__total'));
  if (!cell || !total) throw new Error(`no section 三 keys for ${rowKey} × ${colKey} in the spec`);
  return { cell, total };
}
