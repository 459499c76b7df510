import { randomUUID } from 'node:crypto';
import { insertContact, insertCustomer, insertInvoice } from '../fixtures/factories';
import { startTestService, TestService } from '../support/test-service';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { invoicePdfPath, invoicePdfUrl } from '../../src/pdf/invoice-pdf-link';
import { signPdfToken } from '../../src/pdf/pdf-link-token';
import { pdfSigningSecret } from '../../src/pdf/pdf-signing-secret';
import { pdfText } from './pdf-text';

let service: TestService;
let tenant: { tenantId: string; apiKey: string };
let other: { tenantId: string; apiKey: string };
let invoiceId: string;
let otherInvoiceId: string;
const invoiceNumber = `PDF-${Date.now()}`;

beforeAll(async () => {
  service = await startTestService();
  tenant = await service.newTenant('Initech Billing');
  other = await service.newTenant('Other Tenant');
  const ds = service.dataSource;
  const customerId = await insertCustomer(ds, tenant.tenantId, { companyName: 'Globex Corporation', customerNumber: 'C-0042' });
  const contactId = await insertContact(ds, tenant.tenantId, customerId, { firstName: 'Hank', lastName: 'Scorpio', email: 'hank@globex.test' });
  invoiceId = await insertInvoice(ds, tenant.tenantId, {
    customerId,
    billToContactId: contactId,
    invoiceNumber,
    status: InvoiceStatus.ACTIVE,
    invoiceDate: '2025-07-01',
    dueDate: '2025-07-31',
    lines: [
      { quantity: '3', unitPrice: '75.44', description: 'Hammock subscription' },
      { quantity: '1', unitPrice: '50.00', description: 'Setup fee' },
    ],
    discount: { type: 'PERCENTAGE' as never, value: '10', code: 'SUMMER10', description: 'Summer promotion' },
    taxAmount: '12.50',
  });
  // subtotal 276.32, discount 27.63, without tax 248.69, tax 12.50, total 261.19; one completed payment of 100.00.
  await ds.query(
    `INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, received_date, reference_number, completed_at)
     VALUES ($1, $2, $3, '100.00', 'USD', 'CHECK', 'COMPLETED', '2025-07-10', 'CHK-77', now())`,
    [tenant.tenantId, randomUUID(), invoiceId],
  );
  await ds.query(
    `UPDATE invoice SET amount_paid = 100.00, balance = amount - 100.00, payment_status = 'PARTIALLY_PAID' WHERE tenant_id = $1 AND id = $2`,
    [tenant.tenantId, invoiceId],
  );
  const otherCustomer = await insertCustomer(ds, other.tenantId, { companyName: 'Secret Other Customer' });
  otherInvoiceId = await insertInvoice(ds, other.tenantId, { customerId: otherCustomer, invoiceNumber: `OTHER-${Date.now()}` });
});

afterAll(() => service?.stop());

const get = (url: string) => fetch(url.replace(service.deps.config.publicUrl, service.baseUrl));

test('invoicePdf links to a real PDF with the invoice figures, without needing the API key', async () => {
  const body = await service.gql(tenant.apiKey, `query($id: ID!) { invoiceById(id: $id) { name invoicePdf } }`, { id: invoiceId });
  expect(body.errors).toBeUndefined();
  const url: string = body.data.invoiceById.invoicePdf;
  expect(url).toMatch(new RegExp(`^${service.baseUrl}/invoices/${invoiceId}/pdf\\?token=${tenant.tenantId}\\.\\d+\\.[A-Za-z0-9_-]{43}$`));

  const res = await get(url);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  expect(res.headers.get('content-disposition')).toContain(`${invoiceNumber}.pdf`);
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  const { text, info } = await pdfText(pdf);
  expect(info.Title).toBe(`Invoice ${invoiceNumber}`);
  for (const expected of [
    invoiceNumber, 'Initech Billing', 'Status: Active', 'Payment: Partially paid', // number, seller, status
    'Invoice date: 2025-07-01', 'Due date: 2025-07-31', 'Payment terms: Net30', // dates
    'Globex Corporation', 'Customer no. C-0042', 'Hank Scorpio', 'hank@globex.test', // customer, bill-to
    'Hammock subscription', '75.44', '226.32', 'Setup fee', // line items
    'SUMMER10', '(10%)', '-27.63', '276.32', '248.69', '12.50', '261.19', // discount, tax, totals
    'CHK-77', '2025-07-10', '100.00', '161.19', // payment and balance
  ]) {
    expect(text).toContain(expected);
  }
  expect(text).not.toContain('Secret Other Customer');
});

test('a tampered, foreign or missing token is refused with 403', async () => {
  const url = new URL(await invoicePdfUrl(service.deps, tenant.tenantId, invoiceId));
  const token = url.searchParams.get('token')!;
  const [tid, exp, sig] = token.split('.');
  const at = (t: string | null, id = invoiceId) => get(`${service.baseUrl}${invoicePdfPath(id)}${t === null ? '' : `?token=${encodeURIComponent(t)}`}`);

  expect((await at(token)).status).toBe(200);
  const flipped = sig[0] === 'A' ? `B${sig.slice(1)}` : `A${sig.slice(1)}`;
  expect((await at(`${tid}.${exp}.${flipped}`)).status).toBe(403); // signature changed
  expect((await at(`${tid}.${Number(exp) + 3600}.${sig}`)).status).toBe(403); // expiry pushed out
  expect((await at(`${other.tenantId}.${exp}.${sig}`)).status).toBe(403); // tenant swapped
  expect((await at(token, otherInvoiceId)).status).toBe(403); // another invoice's path
  expect((await at(null)).status).toBe(403);
  expect((await at('garbage')).status).toBe(403);
});

test('only the canonical spelling of a valid token opens the PDF (no padding, stray characters, spare bits, zero-padded expiry)', async () => {
  const url = new URL(await invoicePdfUrl(service.deps, tenant.tenantId, invoiceId));
  const token = url.searchParams.get('token')!;
  const [tid, exp, sig] = token.split('.');
  const at = (t: string) => get(`${service.baseUrl}${invoicePdfPath(invoiceId)}?token=${encodeURIComponent(t)}`);
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  // The last character carries 4 bits of the MAC and 2 spare bits: each other value of the spare bits decodes to the same bytes.
  const last = ALPHABET.indexOf(sig[sig.length - 1]);
  const spareBits = [1, 2, 3].map((b) => `${sig.slice(0, -1)}${ALPHABET[last | b]}`);
  expect(spareBits.every((s) => Buffer.from(s, 'base64url').equals(Buffer.from(sig, 'base64url')))).toBe(true);
  const spellings = [
    ...spareBits.map((s) => `${tid}.${exp}.${s}`),
    `${tid}.${exp}.${sig}=`, // padding
    `${tid}.${exp}.${sig}==`,
    `${tid}.${exp}.${sig.slice(0, 10)}!${sig.slice(10)}`, // a character the decoder skips
    `${tid}.${exp}.${sig.slice(0, 10)} ${sig.slice(10)}`,
    `${tid}.${exp}.${Buffer.from(sig, 'base64url').toString('base64')}`, // standard base64 alphabet
    `${tid}.0${exp}.${sig}`, // zero-padded expiry, the same number
    `${tid.toUpperCase()}.${exp}.${sig}`,
  ].filter((s) => s !== token);
  expect((await at(token)).status).toBe(200);
  for (const spelling of spellings) expect({ spelling, status: (await at(spelling)).status }).toEqual({ spelling, status: 403 });
});

test('an expired link is refused with 403 and says so', async () => {
  const secret = await pdfSigningSecret(service.deps);
  const past = Math.floor(Date.now() / 1000) - 10;
  const token = signPdfToken(secret, { tenantId: tenant.tenantId, invoiceId, expiresAt: past });
  const res = await get(`${service.baseUrl}${invoicePdfPath(invoiceId)}?token=${token}`);
  expect(res.status).toBe(403);
  expect(await res.json()).toMatchObject({ code: 'PDF_LINK_EXPIRED' });
});

test("a valid link of one tenant never shows another tenant's invoice", async () => {
  // Correctly signed for tenant A, but naming tenant B's invoice: the read is scoped by A, so 404.
  const url = await invoicePdfUrl(service.deps, tenant.tenantId, otherInvoiceId);
  const res = await get(url);
  expect(res.status).toBe(404);
  expect(await res.text()).not.toContain('Secret Other Customer');
  // And tenant B's own link works for tenant B.
  expect((await get(await invoicePdfUrl(service.deps, other.tenantId, otherInvoiceId))).status).toBe(200);
});

test('without PDF_SIGNING_SECRET every process shares one generated secret from the database', async () => {
  expect(service.deps.config.pdfSigningSecret).toBeUndefined();
  const a = await pdfSigningSecret(service.deps);
  const b = await pdfSigningSecret({ ...service.deps }); // another process's deps, same database
  expect(a.equals(b)).toBe(true);
  expect(a.length).toBeGreaterThanOrEqual(32);
  const [row] = await service.dataSource.query("SELECT value FROM service_setting WHERE name = 'pdf_signing_secret'");
  expect(row.value).toBe(a.toString('utf8'));
  // A configured secret wins, and links signed with it do not verify with the stored one.
  const configured = await pdfSigningSecret({ ...service.deps, config: { ...service.deps.config, pdfSigningSecret: 'configured-secret' } });
  expect(configured.toString()).toBe('configured-secret');
});

test('listing many invoices with invoicePdf costs no query per invoice', async () => {
  const list = await service.gql(tenant.apiKey, `{ invoice(limit: 50) { id invoicePdf } }`);
  expect(list.errors).toBeUndefined();
  expect(list.data.invoice).toHaveLength(1);
  // The signer is pure given the secret: 500 links are produced without touching the pool.
  await pdfSigningSecret(service.deps);
  const spy = jest.spyOn(service.dataSource, 'query');
  const urls = await Promise.all(Array.from({ length: 500 }, () => invoicePdfUrl(service.deps, tenant.tenantId, randomUUID())));
  expect(new Set(urls).size).toBe(500);
  expect(spy).not.toHaveBeenCalled();
  spy.mockRestore();
});
