// application_flow.test.mjs — 依申请公开 in a real browser, end to end on
// the demo ledger: the citizen applies (server-side messages next to the
// fields first, then the receipt), the officer asks for a supplement,
// records it and answers with partial disclosure (only legal steps are
// offered), the citizen sees the answer on the status page, and the
// officer's report builder counts the application in section 三.
// The steps run in order and share one server and one browser.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  TEST_TIMEOUT_MS, demoPassword, launchBrowser, newPage, outcomeRow, section3Keys, shot,
  startServer, submitAndWait,
} from './harness.mjs';

// Fixture names from `ogi demo` (see `ogi demo --help`).
const AGENCY = '示例市教育局';
const OFFICER = 'demo-officer';
const PARTIAL = outcomeRow('部分公开'); // { key, label } from the spec
const NOTE = '请补充文件的发文年份';

const applicant = {
  name: '李四',
  idDoc: '居民身份证 110101199001011234',
  contact: '电话 13800000000',
  description: '2024年度部门预算及其说明',
};

describe('application: citizen → officer → status → annual report', { timeout: TEST_TIMEOUT_MS }, () => {
  let server, browser, citizen, officer;
  const got = {}; // what one step hands to the next

  before(async () => {
    server = await startServer('application_flow');
    browser = await launchBrowser();
    citizen = await newPage(browser);
    officer = await newPage(browser);
  });

  after(async () => {
    try {
      if (browser) await browser.close();
    } finally {
      if (server) assert.equal(await server.stop(), 0, 'ogi serve stops cleanly');
    }
  });

  it('1. the citizen applies: messages next to the fields, then a receipt', async () => {
    const page = citizen;
    await page.goto(`${server.base}/apply`);
    assert.equal(await page.title(), '申请政府信息公开 - 政府信息公开');
    await page.selectOption('#f-agency', { label: AGENCY });
    // The first applicant type offered (the types are section 三's columns).
    const type = await page.$eval('#f-applicant_type', (s) => {
      const o = [...s.options].find((x) => x.value);
      return { key: o.value, label: o.textContent };
    });
    await page.selectOption('#f-applicant_type', type.key);
    await page.fill('#f-applicant_name', applicant.name);
    await page.fill('#f-applicant_id_doc', '   '); // passes the browser's `required`, blank to the server
    await page.fill('#f-applicant_contact', applicant.contact);
    await page.fill('#f-description', '表'); // too short to find anything
    await page.selectOption('#f-preferred_form', '电子数据');
    await page.selectOption('#f-delivery', '电子邮件');
    assert.equal(await submitAndWait(page, page.locator('#apply-submit')), 422);
    await shot(page, 'flow-01-apply-invalid');

    assert.equal(await page.textContent('#form-error'), '申请未提交：请按下列提示修改后重新提交。');
    // Each message sits in its field's paragraph and describes the field.
    const idField = page.locator('p.field', { has: page.locator('#f-applicant_id_doc') });
    assert.equal(await idField.locator('#err-applicant_id_doc').textContent(), '此项为必填项。');
    assert.equal(await page.getAttribute('#f-applicant_id_doc', 'aria-describedby'), 'err-applicant_id_doc');
    const descField = page.locator('p.field', { has: page.locator('#f-description') });
    assert.equal(await descField.locator('#err-description').textContent(),
      '请具体描述所需信息（名称、文号或其他特征），以便查找。');
    assert.equal(await page.locator('#err-applicant_name').count(), 0, 'no message next to a good field');
    assert.equal(await page.locator('#err-applicant_contact').count(), 0);
    // What the citizen typed is still there.
    assert.equal(await page.inputValue('#f-applicant_name'), applicant.name);
    assert.equal(await page.inputValue('#f-applicant_contact'), applicant.contact);
    assert.equal(await page.inputValue('#f-description'), '表');
    assert.equal(await page.$eval('#f-agency', (s) => s.selectedOptions[0].textContent), AGENCY);
    assert.equal(await page.inputValue('#f-applicant_type'), type.key);
    assert.equal(await page.inputValue('#f-preferred_form'), '电子数据');
    assert.equal(await page.inputValue('#f-delivery'), '电子邮件');

    await page.fill('#f-applicant_id_doc', applicant.idDoc);
    await page.fill('#f-description', applicant.description);
    assert.equal(await submitAndWait(page, page.locator('#apply-submit')), 201);
    await shot(page, 'flow-02-receipt');
    assert.equal(await page.textContent('main h1'), '申请已提交');
    const trackingNo = (await page.textContent('#tracking-no')).trim();
    const queryCode = (await page.textContent('#query-code')).trim();
    assert.match(trackingNo, /^[A-Z0-9][A-Z0-9-]{5,}$/);
    assert.match(queryCode, /^\S{9,}$/);
    assert.match(await page.textContent('#received-date'), /^\d{4}-\d\d-\d\d$/);
    assert.match(await page.textContent('#due-date'), /^\d{4}-\d\d-\d\d$/);
    assert.ok((await page.textContent('#due-date')) > (await page.textContent('#received-date')));
    Object.assign(got, { trackingNo, queryCode, type });
  });

  it('2a. the officer asks for a supplement, records it and answers 部分公开', async () => {
    assert.ok(got.trackingNo, 'needs the application of step 1');
    const page = officer;
    await page.goto(`${server.base}/admin/login`);
    await page.fill('input[name="name"]', OFFICER);
    await page.fill('input[name="password"]', demoPassword);
    await shot(page, 'flow-03-login');
    assert.equal(await submitAndWait(page, page.locator('form.login button[type="submit"]')), 200);
    assert.equal(new URL(page.url()).pathname, '/admin');
    assert.equal(await page.textContent('nav.staff .who'), OFFICER);

    await page.click('nav.staff a[href="/admin/apps"]');
    await page.waitForURL('**/admin/apps');
    const row = page.locator('#apps-list tbody tr', { has: page.getByRole('link', { name: got.trackingNo, exact: true }) });
    assert.equal(await row.count(), 1, 'the new application is in the work queue');
    assert.equal(await row.locator('td').nth(1).textContent(), applicant.name);
    assert.equal(await row.locator('td').nth(2).textContent(), '办理中');
    await shot(page, 'flow-04-queue');
    await Promise.all([page.waitForNavigation(), row.getByRole('link').click()]);
    got.appUrl = page.url();

    assert.equal(await page.textContent('#tracking-no'), got.trackingNo);
    assert.equal(await page.textContent('#status'), '办理中');
    assert.equal(await page.textContent('#applicant-id-doc'), applicant.idDoc);
    assert.equal(await page.textContent('#applicant-type'), got.type.label.split('：').pop());
    assert.equal(await page.locator('#form-answer').count(), 1, 'an answer may be given while processing');
    assert.equal(await page.locator('#form-supplement_received').count(), 0, 'nothing to receive yet');

    const ask = page.locator('#form-request_supplement');
    await ask.locator('input[name="wd"]').fill('10');
    await ask.locator('input[name="note"]').fill(NOTE);
    assert.equal(await submitAndWait(page, ask.locator('button[type="submit"]')), 200);
    assert.equal(await page.textContent('#event-done'), '已记录：告知补正');
    assert.equal(await page.textContent('#status'), '待补正');
    assert.equal(await page.locator('#form-answer').count(), 0, 'no answer while awaiting the supplement');
    assert.equal(await page.locator('#form-supplement_received').count(), 1);
    await shot(page, 'flow-05-awaiting-supplement');

    const received = page.locator('#form-supplement_received');
    assert.equal(await submitAndWait(page, received.locator('button[type="submit"]')), 200);
    assert.equal(await page.textContent('#event-done'), '已记录：收到补正');
    assert.equal(await page.textContent('#status'), '办理中');
    assert.equal(await page.locator('#form-supplement_received').count(), 0);
    const answer = page.locator('#form-answer');
    assert.equal(await answer.count(), 1);
    got.answerDate = await answer.locator('input[name="date"]').inputValue();
    assert.match(got.answerDate, /^\d{4}-\d\d-\d\d$/);
  });

  // The report builder's section 三 cells for the outcome and the applicant
  // type: { cell, total } values and the cell's row/column headers.
  async function builderCells(page, year) {
    await page.goto(`${server.base}/admin/reports`);
    const choose = page.locator('form.choose');
    await choose.locator('select[name="agency"]').selectOption({ label: AGENCY });
    await choose.locator('input[name="year"]').fill(String(year));
    assert.equal(await submitAndWait(page, choose.locator('button[type="submit"]')), 200);
    const keys = section3Keys(PARTIAL.key, got.type.key);
    const s3 = page.locator('.official-report section#s3');
    const cell = s3.locator(`td[data-key="${keys.cell}"]`);
    const total = s3.locator(`td[data-key="${keys.total}"]`);
    const value = async (td) => {
      const text = (await td.textContent()).trim();
      assert.match(text, /^\d+$/, 'a counted cell holds a whole number');
      return Number(text);
    };
    // The cell lies in the 部分公开 row and under the applicant type's header.
    const rowHeader = await cell.locator('xpath=preceding-sibling::th[1]').textContent();
    const colHeader = s3.locator('thead th', { hasText: got.type.label.split('：').pop() }).last();
    const [cb, hb] = [await cell.boundingBox(), await colHeader.boundingBox()];
    const underHeader = cb.x + cb.width / 2 > hb.x && cb.x + cb.width / 2 < hb.x + hb.width;
    return { cell: await value(cell), total: await value(total), rowHeader, underHeader, s3 };
  }

  it('4a. before the answer: the report builder shows the current count', async () => {
    assert.ok(got.answerDate, 'needs the application of step 2');
    got.year = Number(got.answerDate.slice(0, 4));
    got.before = await builderCells(officer, got.year);
    assert.equal(got.before.rowHeader, PARTIAL.label);
    assert.ok(got.before.underHeader, `the cell is under the ${got.type.label} column`);
  });

  it('2b. the officer answers 部分公开; only reopening is left', async () => {
    assert.ok(got.appUrl, 'needs the application of step 2');
    const page = officer;
    await page.goto(got.appUrl);
    const answer = page.locator('#form-answer');
    const option = answer.locator(`select[name="outcome"] option[value="${PARTIAL.key}"]`);
    assert.ok((await option.textContent()).endsWith(PARTIAL.label), 'the outcome is offered by its label');
    await answer.locator('select[name="outcome"]').selectOption(PARTIAL.key);
    assert.equal(await submitAndWait(page, answer.locator('button[type="submit"]')), 200);
    assert.equal(await page.textContent('#event-done'), '已记录：作出答复');
    assert.equal(await page.textContent('#status'), '已办结');
    assert.equal(await page.textContent('#outcome'), PARTIAL.label);
    assert.equal(await page.textContent('#concluded-date'), got.answerDate);
    const forms = await page.$$eval('form.event', (fs) => fs.map((f) => f.id));
    assert.deepEqual(forms, ['form-reopen'], 'a concluded application can only be reopened');
    // The officer's history: date and step of each event, for step 3.
    got.steps = await page.$$eval('#app-events tbody tr', (rows) =>
      rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
    assert.deepEqual(got.steps.map((s) => s[1]).slice(-3), ['告知补正', '收到补正', '作出答复']);
    assert.match(await page.textContent('#app-events'), new RegExp(NOTE));
    await shot(page, 'flow-06-answered');
  });

  it('3. the citizen\'s status page shows the answer and the steps', async () => {
    assert.ok(got.steps, 'needs the answer of step 2');
    const page = citizen;
    await page.goto(`${server.base}/status`);
    await page.fill('#f-tracking_no', got.trackingNo);
    await page.fill('#f-code', got.queryCode);
    assert.equal(await submitAndWait(page, page.locator('#status-submit')), 200);
    await shot(page, 'flow-07-status');
    assert.equal(await page.textContent('#tracking-no'), got.trackingNo);
    assert.equal(await page.textContent('#status-label'), '已办结');
    assert.equal(await page.textContent('#outcome'), PARTIAL.label);
    const steps = await page.$$eval('#status-events tbody tr', (rows) =>
      rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent]));
    assert.deepEqual(steps, got.steps, 'the same steps and dates as the officer recorded');
    const text = await page.textContent('main');
    assert.ok(!text.includes(NOTE), 'internal notes stay internal');
    assert.ok(!text.includes(OFFICER), 'officer names stay internal');

    // A wrong code gets the same refusal as an unknown number.
    await page.goto(`${server.base}/status`);
    await page.fill('#f-tracking_no', got.trackingNo);
    await page.fill('#f-code', 'WRONGCODE1');
    assert.equal(await submitAndWait(page, page.locator('#status-submit')), 404);
    assert.equal(await page.textContent('#status-error'), '申请编号或查询码不正确，请核对后重试。');
    assert.equal(await page.locator('#outcome').count(), 0);
  });

  it('4b. after the answer: the report counts it in 部分公开 × the applicant type', async () => {
    assert.ok(got.before, 'needs the count of step 4a');
    const after = await builderCells(officer, got.year);
    await shot(after.s3, 'flow-08-report-s3');
    await shot(officer, 'flow-09-report-builder');
    assert.equal(after.cell, got.before.cell + 1, 'the cell went up by one');
    assert.equal(after.total, got.before.total + 1, 'the row total went up by one');
  });
});
