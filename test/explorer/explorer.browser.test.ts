import fs from 'node:fs';
import path from 'node:path';
import { chromium, Browser, Page } from 'playwright-core';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';
import { InvoiceStatus } from '../../src/invoices/invoice-status';

/**
 * A new user's first minute, in a real browser with no network beyond this machine: open
 * /graphql, paste the key into the headers panel, run a query, see the tenant's invoice data.
 */
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Screenshots go to test/artifacts/ (ignored); `npm run docs:screenshots` copies them into docs/. */
const ARTIFACTS = path.resolve(__dirname, '..', 'artifacts');

let service: TestService;
let browser: Browser;
let apiKey: string;
let invoiceNumber: string;
const blocked: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the explorer browser test needs it. ` +
        'Install it with `sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu), ' +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  service = await startTestService();
  const tenant = await service.newTenant('Explorer Browser Co');
  apiKey = tenant.apiKey;
  const customerId = await insertCustomer(service.dataSource, tenant.tenantId, { companyName: 'Globex Explorer' });
  const contactId = await insertContact(service.dataSource, tenant.tenantId, customerId);
  invoiceNumber = `EXP-${Date.now()}`;
  await insertInvoice(service.dataSource, tenant.tenantId, {
    customerId,
    billToContactId: contactId,
    invoiceNumber,
    status: InvoiceStatus.ACTIVE,
    lines: [{ quantity: '3', unitPrice: '75.44', description: 'Explorer seats' }],
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await service?.stop();
});

/** Types into a GraphiQL CodeMirror editor after replacing its content, as a user would. */
async function replaceEditorText(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ({ selector, text }) => {
      const el = (globalThis as any).document.querySelector(selector);
      if (!el?.CodeMirror) throw new Error(`no editor at ${selector}`);
      el.CodeMirror.setValue(text);
      el.CodeMirror.focus();
    },
    { selector, text },
  );
}

async function editorText(page: Page, selector: string): Promise<string> {
  return page.evaluate((selector) => {
    const el = (globalThis as any).document.querySelector(selector);
    return el?.CodeMirror?.getValue() ?? '';
  }, selector);
}

test('the explorer loads offline, takes a key in the headers panel and shows invoice data', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  // No internet: anything not served by this machine is refused (and recorded).
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === 'localhost' || host === '127.0.0.1') return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));

  const response = await page.goto(`${service.baseUrl}/graphql`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-type']).toContain('text/html');
  await page.waitForSelector('.graphiql-query-editor .CodeMirror', { timeout: 20_000 });

  // Example operations are preloaded as tabs (Nue's query, an activation, a payment).
  const tabs = await page.locator('.graphiql-tab').allInnerTexts();
  expect(tabs.join(' ')).toMatch(/ActiveInvoicesOfCustomer/);
  expect(tabs.join(' ')).toMatch(/ActivateInvoices/);
  expect(tabs.join(' ')).toMatch(/RecordPayment/);

  // The headers panel is open and pre-filled with the x-api-key header; the user types the key in it.
  const headersEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
  expect(await editorText(page, headersEditor)).toContain('"x-api-key": ""');
  await page.evaluate((selector) => {
    const el = (globalThis as any).document.querySelector(selector);
    const cm = el.CodeMirror;
    cm.focus();
    cm.setCursor(cm.posFromIndex(cm.getValue().indexOf('""') + 1));
  }, headersEditor);
  await page.keyboard.type(apiKey);
  expect(JSON.parse(await editorText(page, headersEditor))).toEqual({ 'x-api-key': apiKey });

  // A Nue-style invoice query: the tenant's active invoices, with their PDF links.
  const query = `query Invoices {\n  invoice(where: {status: {eq: "active"}}) {\n    id\n    name\n    status\n    amount\n    balance\n    invoicePdf\n  }\n}\n`;
  await replaceEditorText(page, '.graphiql-query-editor .CodeMirror', query);
  // GraphiQL re-parses the document (and picks the operation name) after a short debounce.
  await page.waitForTimeout(1000);
  await page.click('.graphiql-execute-button');

  const resultSelector = '.result-window .CodeMirror';
  await page.waitForFunction(
    (selector) => {
      const el = (globalThis as any).document.querySelector(selector);
      return (el?.CodeMirror?.getValue() ?? '').trim().startsWith('{');
    },
    resultSelector,
    { timeout: 20_000 },
  );
  const result = JSON.parse(await editorText(page, resultSelector));
  expect(result.errors).toBeUndefined();
  expect(JSON.stringify(result)).toContain(invoiceNumber);
  expect(result.data.invoice).toEqual([
    expect.objectContaining({ name: invoiceNumber, status: 'ACTIVE', amount: '226.32', balance: '226.32', invoicePdf: expect.stringContaining('/pdf?token=') }),
  ]);

  // The invoicePdf link opens from the browser without the key.
  const pdf = await page.evaluate(async (url: string) => {
    const res = await fetch(url, { credentials: 'omit' });
    const bytes = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), head: String.fromCharCode(...bytes.slice(0, 5)) };
  }, result.data.invoice[0].invoicePdf as string);
  expect(pdf).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'explorer.png') });

  // The schema docs load from introspection and list the invoice query.
  await page.click('button[aria-label="Show Documentation Explorer"]');
  await page.click('section[aria-label="Documentation Explorer"] a:has-text("Query")');
  await page.waitForSelector('section[aria-label="Documentation Explorer"] :text("invoicePdf"), section[aria-label="Documentation Explorer"] :text("invoice")', { timeout: 10_000 });

  expect(blocked).toEqual([]);
  expect(pageErrors).toEqual([]);
  await context.close();
}, 60_000);
