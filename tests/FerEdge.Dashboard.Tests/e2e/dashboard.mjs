// Drives the FerEdge caregiver dashboard in a real Chromium and checks what a caregiver would see.
//
// usage: node dashboard.mjs URL [--step STEP]... [--screenshots DIR] [--timeout-ms N] [--viewport WxH]
//                               [--chromium PATH] [--home DIR]
//
// Steps run in order; each waits (up to --timeout-ms) until its check holds on the page, or performs its action,
// then saves a screenshot (when --screenshots is given) and prints one JSON line:
//   {"step":"emotion=happy","ok":true,"at_ms":1234,"value":{...what the page showed...}}
// A failed step stops the run. The last line is a summary:
//   {"done":true,"ok":true,"passed":N,"failed":0,"requests":[...],"page_errors":[...],"console_errors":[...]}
// Exit code 0 when every step passed, 1 when one failed, 2 for bad arguments or a browser that does not start.
//
// Checks:   status=STATE (connecting|waiting|online|stale|offline|reconnecting)   emotion=LABEL (or none)
//           timeline-bands>=N   timeline-has=LABEL   region-top=REGION   reason~=TEXT
//           alert=LABEL|no-face   no-alert   history>=N
//           logged-out (the login form shows and the page holds no status, emotion, timeline, alert or explanation)
//           login-error~=TEXT (the login form shows an error containing TEXT)
//           devices>=N   device=ID (the overview lists it)   device-state=ID:STATE (online|stale|offline)
//           device-emotion=ID (an emotion is decided: data-emotion set)   device-alert=ID (an active alert on its card)
//           no-overflow (nothing reaches past the viewport's edges, the page does not scroll sideways, and no two
//           timeline labels overlap)
//           corrections=N (the robot's reply says the profile holds N corrections)   profile-person=NAME (the
//           robot's reply or status names NAME as the person in front)   calibrated (a reply says the profile has a
//           calibrated neutral face)   corrections-message~=TEXT (the panel's message contains TEXT)
// Actions:  ack (presses the first active alert's Acknowledge button)   viewport=WxH   wait=MS
//           device-ack=ID (presses the Acknowledge button of the first alert on ID's card in the overview, then
//           waits until that alert has left the card)   open=ID (taps ID's card)   back (back to the overview)
//           save=PATH (a screenshot of the whole page to PATH)
//           login=USER:PASSWORD (logs in through the form; fails when the form shows an error)
//           login-submit=USER:PASSWORD (submits the form, for a login meant to fail)   logout (presses Log out)
//           correct=LABEL (presses "this is actually: LABEL")   person=NAME (types NAME as who is in front and
//           presses Set)   calibrate (presses "Calibrate neutral face")
//
// --home DIR runs Chromium with HOME=DIR, so it reads the certificate authorities trusted in DIR/.pki/nssdb.
//
// The same script serves the scripted end-to-end test and checks against a running `fer-edge run`; a caller that
// reacts to the page (e.g. changes what is published) reads the step lines as they come.

import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

function usage(message) {
  console.error(`dashboard.mjs: ${message}`);
  console.error('usage: node dashboard.mjs URL [--step STEP]... [--screenshots DIR] [--timeout-ms N] [--viewport WxH] [--chromium PATH]');
  process.exit(2);
}

function parseViewport(text) {
  const match = /^(\d+)x(\d+)$/.exec(text ?? '');
  if (!match) {
    usage(`viewport '${text}' must look like 1280x800`);
  }

  return { width: Number(match[1]), height: Number(match[2]) };
}

function parseArgs(argv) {
  const options = { steps: [], screenshots: null, timeoutMs: 15000, viewport: { width: 1280, height: 800 }, chromium: process.env.CHROMIUM ?? '/usr/bin/chromium' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => (i + 1 < argv.length ? argv[++i] : usage(`${arg} needs a value`));
    if (arg === '--step') options.steps.push(value());
    else if (arg === '--screenshots') options.screenshots = value();
    else if (arg === '--timeout-ms') options.timeoutMs = Number(value());
    else if (arg === '--viewport') options.viewport = parseViewport(value());
    else if (arg === '--chromium') options.chromium = value();
    else if (arg === '--home') options.home = value();
    else if (arg.startsWith('--')) usage(`unknown option ${arg}`);
    else if (!options.url) options.url = arg;
    else usage(`unexpected argument ${arg}`);
  }

  if (!options.url) usage('the dashboard URL is missing');
  if (!(options.timeoutMs > 0)) usage('--timeout-ms must be a positive number');
  return options;
}

/** Everything the checks look at, read from the DOM: what is on screen, not the page's internal state. */
function readPage() {
  const q = (s) => document.querySelector(s);
  const text = (s) => q(s)?.textContent.trim() ?? null;
  const regions = {};
  let top = null;
  for (const g of document.querySelectorAll('#why .region')) {
    regions[g.dataset.region] = { share: Number(g.dataset.share), opacity: Number(getComputedStyle(g).fillOpacity) };
    if (g.classList.contains('top')) top = g.dataset.region;
  }

  return {
    status: q('#status')?.dataset.state ?? null,
    status_text: text('#status .status-text'),
    emotion: q('#emotion')?.dataset.emotion || null,
    emotion_text: text('#emotion .emotion-label'),
    confidence_text: text('#emotion .confidence-text'),
    bands: [...document.querySelectorAll('#history .band')].map((b) => b.dataset.emotion),
    regions,
    top_region: top,
    reason: text('#why .reason'),
    alerts: [...document.querySelectorAll('#alerts .alert')].map((a) => ({
      rule: a.dataset.rule, emotion: a.dataset.emotion, ended: a.classList.contains('ended'), held_ms: Number(a.dataset.heldMs),
      title: a.querySelector('.alert-title')?.textContent ?? '',
      visible: !a.closest('[hidden]') && a.getBoundingClientRect().height > 0,
    })),
    history: document.querySelectorAll('#alert-history li[data-rule]').length,
    login_visible: !!q('#login') && !q('#login').hidden && q('#login').getBoundingClientRect().height > 0,
    login_error: q('#login .login-error')?.hidden === false ? text('#login .login-error') : null,
    device: text('.device'),
    corrections: q('#corrections')?.dataset.corrections ?? null,
    corrections_text: text('#corrections .corrections-count'),
    corrections_message: text('#corrections .corrections-message'),
    profile_person: q('#corrections')?.dataset.person ?? null,
    calibrated: q('#corrections')?.dataset.calibrated ?? null,
    devices: [...document.querySelectorAll('[data-device]')].map((d) => ({
      id: d.dataset.device, state: d.dataset.state ?? null, emotion: d.hasAttribute('data-emotion') ? d.dataset.emotion : null,
      name: d.querySelector('.device-name')?.textContent ?? null,
      alerts: [...d.querySelectorAll('.alert:not(.ended)')].map((a) => Number(a.dataset.alert)),
    })),
    overflow: overflowOf(),
    // Anything that could tell about the person: the live dashboard's parts and every node marked with an emotion.
    person_nodes: document.querySelectorAll(
      '#status, #emotion, #why, #history, #alerts, #alert-history, #overview, .alert, .band, [data-emotion], [data-region], [data-rule], [data-device]').length,
  };

  // What reaches past the viewport's right (or left) edge: the page's scroll width, and the elements that do.
  function overflowOf() {
    const width = window.innerWidth;
    const offenders = [];
    for (const node of document.body.querySelectorAll('*')) {
      const r = node.getBoundingClientRect();
      if ((r.width === 0 && r.height === 0) || node.closest('[hidden]')) continue;
      if (r.right > width + 0.5 || r.left < -0.5) {
        const name = node.tagName.toLowerCase() + (node.id ? `#${node.id}` : '') + (typeof node.className === 'string' && node.className ? `.${node.className.split(' ').join('.')}` : '');
        offenders.push(`${name} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }

    // Labels drawn in the timeline must not run into each other.
    for (const selector of ['.tick-label', '.band-label']) {
      const boxes = [...document.querySelectorAll(selector)].filter((n) => !n.closest('[hidden]')).map((n) => [n, n.getBoundingClientRect()]);
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, ra] = boxes[i];
          const [b, rb] = boxes[j];
          if (ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom) {
            offenders.push(`${selector} '${a.textContent}' overlaps '${b.textContent}'`);
          }
        }
      }
    }

    return { width, scroll_width: document.scrollingElement.scrollWidth, offenders: offenders.slice(0, 12), count: offenders.length };
  }
}

function deviceOf(s, id) {
  return s.devices.find((d) => d.id === id) ?? null;
}

function visibleAlerts(s) {
  return s.alerts.filter((a) => a.visible);
}

/** A check: a predicate over readPage()'s snapshot and the part of it worth reporting. */
function parseCheck(step) {
  let m;
  if ((m = /^status=(\w+)$/.exec(step))) return { test: (s) => s.status === m[1], show: (s) => ({ status: s.status, text: s.status_text }) };
  if ((m = /^emotion=([\w-]+)$/.exec(step))) return { test: (s) => s.emotion === m[1], show: (s) => ({ emotion: s.emotion, text: s.emotion_text, confidence: s.confidence_text }) };
  if ((m = /^timeline-bands>=(\d+)$/.exec(step))) return { test: (s) => s.bands.length >= Number(m[1]), show: (s) => ({ bands: s.bands }) };
  if ((m = /^timeline-has=([\w-]+)$/.exec(step))) return { test: (s) => s.bands.includes(m[1]), show: (s) => ({ bands: s.bands }) };
  if ((m = /^region-top=(\w+)$/.exec(step))) {
    return {
      test: (s) => s.top_region === m[1] && Object.entries(s.regions).every(([r, v]) => r === m[1] || v.opacity < s.regions[m[1]].opacity),
      show: (s) => ({ top: s.top_region, regions: s.regions }),
    };
  }
  if ((m = /^reason~=(.+)$/.exec(step))) return { test: (s) => (s.reason ?? '').toLowerCase().includes(m[1].toLowerCase()), show: (s) => ({ reason: s.reason }) };
  if ((m = /^alert=([\w-]+)$/.exec(step))) {
    const matches = (a) => (m[1] === 'no-face' ? a.rule === 'no-face' : a.rule === 'emotion' && a.emotion === m[1]);
    return { test: (s) => visibleAlerts(s).some(matches), show: (s) => ({ alerts: s.alerts }) };
  }
  if ((m = /^devices>=(\d+)$/.exec(step))) return { test: (s) => s.devices.length >= Number(m[1]), show: (s) => ({ devices: s.devices }) };
  if ((m = /^device=([\w.-]+)$/.exec(step))) return { test: (s) => !!deviceOf(s, m[1]), show: (s) => ({ devices: s.devices }) };
  if ((m = /^device-state=([\w.-]+):(\w+)$/.exec(step))) {
    return { test: (s) => deviceOf(s, m[1])?.state === m[2], show: (s) => ({ device: deviceOf(s, m[1]) }) };
  }
  if ((m = /^device-emotion=([\w.-]+)$/.exec(step))) return { test: (s) => !!deviceOf(s, m[1])?.emotion, show: (s) => ({ device: deviceOf(s, m[1]) }) };
  if ((m = /^device-alert=([\w.-]+)$/.exec(step))) {
    return { test: (s) => (deviceOf(s, m[1])?.alerts.length ?? 0) > 0, show: (s) => ({ device: deviceOf(s, m[1]) }) };
  }
  if (step === 'no-overflow') {
    return {
      test: (s) => s.overflow.scroll_width <= s.overflow.width && s.overflow.count === 0,
      show: (s) => s.overflow,
    };
  }
  if (step === 'no-alert') return { test: (s) => visibleAlerts(s).length === 0, show: (s) => ({ alerts: s.alerts }) };
  if ((m = /^corrections=(\d+)$/.exec(step))) {
    return { test: (s) => s.corrections === m[1], show: (s) => ({ corrections: s.corrections, text: s.corrections_text }) };
  }
  if ((m = /^profile-person=([\w.-]+)$/.exec(step))) {
    return { test: (s) => s.profile_person === m[1], show: (s) => ({ person: s.profile_person, text: s.corrections_text, message: s.corrections_message }) };
  }
  if (step === 'calibrated') {
    return { test: (s) => s.calibrated === 'true', show: (s) => ({ calibrated: s.calibrated, text: s.corrections_text, message: s.corrections_message }) };
  }
  if ((m = /^corrections-message~=(.+)$/.exec(step))) {
    return { test: (s) => (s.corrections_message ?? '').toLowerCase().includes(m[1].toLowerCase()), show: (s) => ({ message: s.corrections_message }) };
  }
  if ((m = /^history>=(\d+)$/.exec(step))) return { test: (s) => s.history >= Number(m[1]), show: (s) => ({ history: s.history }) };
  if (step === 'logged-out') {
    return {
      test: (s) => s.login_visible && s.person_nodes === 0 && !s.device,
      show: (s) => ({ login: s.login_visible, person_nodes: s.person_nodes, device: s.device, error: s.login_error }),
    };
  }
  if ((m = /^login-error~=(.+)$/.exec(step))) {
    return { test: (s) => (s.login_error ?? '').toLowerCase().includes(m[1].toLowerCase()), show: (s) => ({ error: s.login_error }) };
  }
  return null;
}

async function waitFor(page, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let snapshot;
  for (;;) {
    snapshot = await page.evaluate(readPage);
    if (check.test(snapshot)) return { ok: true, value: check.show(snapshot) };
    if (Date.now() > deadline) return { ok: false, value: check.show(snapshot) };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function acknowledge(page, timeoutMs) {
  const button = page.locator('#alerts .alert button.ack').first();
  await button.waitFor({ state: 'visible', timeout: timeoutMs });
  const box = await button.boundingBox();
  const title = await page.locator('#alerts .alert').first().locator('.alert-title').textContent();
  await button.click({ timeout: timeoutMs });
  return { ok: true, value: { title, width: Math.round(box.width), height: Math.round(box.height) } };
}

async function acknowledgeOnOverview(page, id, timeoutMs) {
  const card = page.locator(`[data-device="${id}"]`);
  const alert = card.locator('.alert:not(.ended)').first();
  await alert.waitFor({ state: 'visible', timeout: timeoutMs });
  const alertId = await alert.getAttribute('data-alert');
  const title = await alert.locator('.alert-title').textContent();
  // By its id from here on: the first open alert may have ended (and another opened) since it was read.
  await card.locator(`[data-alert="${alertId}"] button.ack`).click({ timeout: timeoutMs });
  await card.locator(`[data-alert="${alertId}"]`).waitFor({ state: 'detached', timeout: timeoutMs });
  return { ok: true, value: { device: id, alert: Number(alertId), title } };
}

async function logIn(page, credentials, timeoutMs) {
  const colon = credentials.indexOf(':');
  if (colon <= 0) return { ok: false, value: { error: 'login=USER:PASSWORD' } };
  await submitLogin(page, credentials, timeoutMs);
  // Done when the live dashboard replaced the form; failed when the form shows an error.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await page.evaluate(readPage);
    if (!s.login_visible && s.status) return { ok: true, value: { user: credentials.slice(0, colon), status: s.status } };
    if (s.login_error || Date.now() > deadline) return { ok: false, value: { error: s.login_error } };
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function submitLogin(page, credentials, timeoutMs) {
  const colon = credentials.indexOf(':');
  if (colon <= 0) return { ok: false, value: { error: 'login-submit=USER:PASSWORD' } };
  await page.locator('#login-user').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.fill('#login-user', credentials.slice(0, colon));
  await page.fill('#login-password', credentials.slice(colon + 1));
  await page.click('#login .login-submit', { timeout: timeoutMs });
  return { ok: true, value: {} };
}

async function runStep(page, step, options) {
  if (step === 'ack') return acknowledge(page, options.timeoutMs);
  if (step === 'logout') {
    await page.click('#logout', { timeout: options.timeoutMs });
    return { ok: true, value: {} };
  }
  let m;
  if ((m = /^correct=([\w-]+)$/.exec(step))) {
    await page.click(`#corrections [data-correct="${m[1]}"]`, { timeout: options.timeoutMs });
    return { ok: true, value: { correct: m[1] } };
  }
  if ((m = /^person=(.+)$/.exec(step))) {
    await page.fill('#corrections .person-name', m[1], { timeout: options.timeoutMs });
    await page.click('#corrections .person-set', { timeout: options.timeoutMs });
    return { ok: true, value: { person: m[1] } };
  }
  if (step === 'calibrate') {
    await page.click('#corrections .person-calibrate', { timeout: options.timeoutMs });
    return { ok: true, value: {} };
  }
  if ((m = /^login=(.+)$/.exec(step))) return logIn(page, m[1], options.timeoutMs);
  if ((m = /^device-ack=([\w.-]+)$/.exec(step))) return acknowledgeOnOverview(page, m[1], options.timeoutMs);
  if ((m = /^open=([\w.-]+)$/.exec(step))) {
    await page.click(`[data-device="${m[1]}"] .device-open`, { timeout: options.timeoutMs });
    await page.locator('#detail').waitFor({ state: 'visible', timeout: options.timeoutMs });
    return { ok: true, value: { device: m[1] } };
  }
  if (step === 'back') {
    await page.click('#back', { timeout: options.timeoutMs });
    await page.locator('#overview').waitFor({ state: 'visible', timeout: options.timeoutMs });
    return { ok: true, value: {} };
  }
  if ((m = /^save=(.+)$/.exec(step))) {
    mkdirSync(dirname(m[1]), { recursive: true });
    await page.screenshot({ path: m[1], fullPage: true });
    return { ok: true, value: { path: m[1] } };
  }
  if ((m = /^login-submit=(.+)$/.exec(step))) return submitLogin(page, m[1], options.timeoutMs);
  if ((m = /^wait=(\d+)$/.exec(step))) {
    await new Promise((r) => setTimeout(r, Number(m[1])));
    return { ok: true, value: {} };
  }
  if ((m = /^viewport=(.+)$/.exec(step))) {
    const viewport = parseViewport(m[1]);
    await page.setViewportSize(viewport);
    await new Promise((r) => setTimeout(r, 1200)); // a timeline redraw at the new width
    return { ok: true, value: viewport };
  }
  const check = parseCheck(step);
  if (!check) return { ok: false, value: { error: `unknown step '${step}'` } };
  return waitFor(page, check, options.timeoutMs);
}

function slug(step) {
  // A login step is named after its user only: a password has no place in a file name.
  return step.replace(/^(login(?:-submit)?=[^:]*):.*$/, '$1').replace(/[^\w-]+/g, '_').replace(/_+$/, '');
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.screenshots) mkdirSync(options.screenshots, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'feredge-dashboard-'));
  const started = Date.now();
  const requests = [];
  const pageErrors = [];
  const consoleErrors = [];
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: options.chromium, headless: true, args: CHROMIUM_ARGS, viewport: options.viewport,
      env: options.home ? { ...process.env, HOME: options.home } : process.env,
    });
  } catch (error) {
    console.error(`dashboard.mjs: Chromium did not start from ${options.chromium}: ${error.message}`);
    rmSync(profile, { recursive: true, force: true });
    process.exit(2);
  }

  let passed = 0;
  let failed = 0;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (r) => requests.push(r.url()));
    page.on('websocket', (ws) => requests.push(ws.url()));
    page.on('pageerror', (e) => pageErrors.push(String(e.message ?? e)));
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    await page.goto(options.url, { waitUntil: 'load', timeout: options.timeoutMs });
    for (const [index, step] of options.steps.entries()) {
      let result;
      try {
        result = await runStep(page, step, options);
      } catch (error) {
        result = { ok: false, value: { error: String(error.message ?? error) } };
      }

      if (options.screenshots) {
        const name = `${String(index + 1).padStart(2, '0')}-${slug(step)}${result.ok ? '' : '-FAILED'}.png`;
        await page.screenshot({ path: join(options.screenshots, name), fullPage: true });
      }

      console.log(JSON.stringify({ step, ok: result.ok, at_ms: Date.now() - started, value: result.value }));
      if (result.ok) {
        passed++;
      } else {
        failed++;
        break;
      }
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }

  console.log(JSON.stringify({
    done: true, ok: failed === 0 && passed === options.steps.length, passed, failed,
    requests, page_errors: pageErrors, console_errors: consoleErrors,
  }));
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((error) => {
  console.error(`dashboard.mjs: ${error.stack ?? error}`);
  process.exit(2);
});
