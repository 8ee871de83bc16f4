// security.test.mjs — the browser-side security promises of the console:
// the session cookie is HttpOnly (scripts cannot read it), logging out ends
// the session on the server, and markup a citizen types into the public
// form reaches the officer's pages as text.  The officer's browser ignores
// the Content-Security-Policy here (bypassCSP), so only escaping stands
// between the payload and a dialog: a dialog would mean the page is unsafe.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT_MS, demoPassword, launchBrowser, newPage, shot, startServer, submitAndWait,
} from './harness.mjs';

const AGENCY = '示例市教育局'; // `ogi demo`'s agency of demo-officer
const OFFICER = 'demo-officer';
const SESSION_COOKIE = 'ogi_session';
const PAYLOAD = '<img id="xss-probe" src="x" onerror="alert(1)"><script>alert("x")</script>';

describe('security in the browser', { timeout: TEST_TIMEOUT_MS }, () => {
  let server, browser;
  const dialogs = [];

  before(async () => {
    server = await startServer('security');
    browser = await launchBrowser();
  });

  after(async () => {
    try {
      if (browser) await browser.close();
    } finally {
      if (server) assert.equal(await server.stop(), 0, 'ogi serve stops cleanly');
    }
  });

  async function officerPage() {
    const context = await browser.newContext({ locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15000);
    page.setDefaultNavigationTimeout(15000);
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    return page;
  }

  async function login(page) {
    await page.goto(`${server.base}/admin/login`);
    await page.fill('input[name="name"]', OFFICER);
    await page.fill('input[name="password"]', demoPassword);
    assert.equal(await submitAndWait(page, page.locator('form.login button[type="submit"]')), 200);
    assert.equal(new URL(page.url()).pathname, '/admin');
  }

  it('the dialog listener sees a script that runs (control)', async () => {
    const page = await officerPage();
    try {
      await page.setContent('<img src="x" onerror="alert(\'control\')">');
      for (let i = 0; i < 100 && !dialogs.length; i++) await page.waitForTimeout(50); // ≤ 5 s
      assert.deepEqual(dialogs.splice(0), ['control']);
    } finally {
      await page.context().close();
    }
  });

  it('the session cookie is HttpOnly and logout ends the session', async () => {
    const page = await officerPage();
    try {
      await login(page);
      const cookies = await page.context().cookies(server.base);
      const session = cookies.find((c) => c.name === SESSION_COOKIE);
      assert.ok(session, 'a session cookie was set');
      assert.equal(session.httpOnly, true);
      assert.equal(session.sameSite, 'Strict');
      const visible = await page.evaluate(() => document.cookie);
      assert.ok(!visible.includes(SESSION_COOKIE), `document.cookie shows no session: "${visible}"`);
      assert.ok(!visible.includes(session.value));
      await shot(page, 'security-01-signed-in');

      await submitAndWait(page, page.locator('nav.staff form[action="/admin/logout"] button'));
      assert.equal(new URL(page.url()).pathname, '/admin/login');
      assert.equal(await page.locator('nav.staff').count(), 0, 'no staff navigation after logout');
      const left = await page.context().cookies(server.base);
      assert.ok(!left.some((c) => c.name === SESSION_COOKIE), 'the browser dropped the session cookie');
      await page.goto(`${server.base}/admin/apps`);
      assert.equal(new URL(page.url()).pathname, '/admin/login', 'the console asks for a login again');
      await shot(page, 'security-02-logged-out');

      // The old token is dead on the server too, not only in this browser.
      const replay = await browser.newContext();
      try {
        await replay.addCookies([{ ...session }]);
        const p2 = await replay.newPage();
        await p2.goto(`${server.base}/admin/apps`, { timeout: 15000 });
        assert.equal(new URL(p2.url()).pathname, '/admin/login', 'a replayed session is refused');
      } finally {
        await replay.close();
      }
    } finally {
      await page.context().close();
    }
  });

  it('markup typed into the application form is text on the officer\'s pages', async () => {
    const citizen = await newPage(browser);
    let trackingNo;
    try {
      await citizen.goto(`${server.base}/apply`);
      await citizen.selectOption('#f-agency', { label: AGENCY });
      await citizen.selectOption('#f-applicant_type', { index: 1 });
      await citizen.fill('#f-applicant_name', `王五${PAYLOAD}`);
      await citizen.fill('#f-applicant_id_doc', '居民身份证 110101199001011234');
      await citizen.fill('#f-applicant_contact', `电话 13800000000${PAYLOAD}`);
      await citizen.fill('#f-description', `申请公开 2024年度部门预算${PAYLOAD}`);
      await citizen.selectOption('#f-preferred_form', '电子数据');
      await citizen.selectOption('#f-delivery', '电子邮件');
      assert.equal(await submitAndWait(citizen, citizen.locator('#apply-submit')), 201);
      trackingNo = (await citizen.textContent('#tracking-no')).trim();
    } finally {
      await citizen.context().close();
    }

    const page = await officerPage();
    try {
      await login(page);
      await page.goto(`${server.base}/admin/apps`);
      const link = page.getByRole('link', { name: trackingNo, exact: true });
      const row = page.locator('#apps-list tbody tr', { has: link });
      assert.equal(await row.locator('td').nth(1).textContent(), `王五${PAYLOAD}`, 'the name is shown as typed');
      await Promise.all([page.waitForNavigation(), link.click()]);
      assert.equal(await page.textContent('#applicant-name'), `王五${PAYLOAD}`);
      assert.equal(await page.textContent('#applicant-contact'), `电话 13800000000${PAYLOAD}`);
      assert.equal(await page.textContent('#description'), `申请公开 2024年度部门预算${PAYLOAD}`);
      assert.equal(await page.locator('#xss-probe').count(), 0, 'no element made from the payload');
      assert.equal(await page.locator('main script').count(), 0, 'no script element in the page body');
      await page.waitForTimeout(500); // give an injected handler the chance it must not have
      await shot(page, 'security-03-xss-as-text');
      assert.deepEqual(dialogs, [], 'no dialog fired');
    } finally {
      await page.context().close();
    }
  });
});
