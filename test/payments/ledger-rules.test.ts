import { GraphQLObjectType, getNamedType } from 'graphql';
import { InvoiceStatus } from '../../src/invoices/invoice-status';
import { insertInvoice } from '../fixtures/factories';
import { insertPendingPayment } from '../fixtures/lifecycle-fixtures';
import { startTestService, TestService } from '../support/test-service';
import { codeOf, complete, fail, INVOICE_FIELDS, invoiceOf, PayTenant, payTenant, record, refund } from './payment-support';

/**
 * The ledger's rules through every writer: paymentStatus and balance come from one function on
 * the same facts whoever writes them (payments, refunds, discounts, updates, creation), pending
 * payments are never stranded, the currency follows the money, imported totals stay, and every
 * money field carries its currency's minor unit.
 */
describe('ledger rules across every writer', () => {
  let svc: TestService;
  let t: PayTenant;
  beforeAll(async () => {
    svc = await startTestService();
    t = await payTenant(svc, 'Ledger rules tenant');
  });
  afterAll(() => svc.stop());

  const gql = (query: string, variables?: Record<string, unknown>) => svc.gql(t.apiKey, query, variables);
  const CREATE = `mutation($input: CreateInvoiceInput!) { createInvoice(input: $input) { ${INVOICE_FIELDS} currencyIsoCode } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateInvoiceInput!) { updateInvoice(id: $id, input: $input) { ${INVOICE_FIELDS} currencyIsoCode } }`;
  const DISCOUNT = `mutation($id: ID!, $d: InvoiceDiscountInput!) { applyDiscount(invoiceId: $id, discount: $d) { ${INVOICE_FIELDS} discountAmount } }`;
  const REMOVE = `mutation($id: ID!) { removeDiscount(invoiceId: $id) { ${INVOICE_FIELDS} } }`;
  const bulk = async (name: 'activateInvoices' | 'cancelInvoices' | 'voidInvoices', id: string) => {
    const res = await gql(`mutation($ids: [ID!]) { r: ${name}(input: {invoiceIds: $ids}) { results { success error { code message } invoice { ${INVOICE_FIELDS} } } } }`, { ids: [id] });
    expect(res.errors).toBeUndefined();
    return res.data.r.results[0];
  };
  const line = (unitPrice: string, quantity = '1') => ({ description: 'Item', quantity, unitPrice });

  it('a fully refunded ACTIVE invoice reads REFUNDED, and stays so through a discount and an update', async () => {
    const id = await invoiceOf(svc.dataSource, t, '100.00');
    const paid = await record(svc, t, id, '100.00');
    expect(paid.data.recordPayment.invoice).toMatchObject({ paymentStatus: 'PAID', balance: '0.00' });
    const back = await refund(svc, t, id, paid.data.recordPayment.payment.id, '100.00');
    expect(back.data.refundPayment.invoice).toMatchObject({ paymentStatus: 'REFUNDED', amountPaid: '0.00', balance: '100.00' });

    const discounted = await gql(DISCOUNT, { id, d: { type: 'PERCENTAGE', value: '10' } });
    expect(discounted.errors).toBeUndefined();
    expect(discounted.data.applyDiscount).toMatchObject({ amount: '90.00', amountPaid: '0.00', balance: '90.00', paymentStatus: 'REFUNDED' });
    const removed = await gql(REMOVE, { id });
    expect(removed.data.removeDiscount).toMatchObject({ amount: '100.00', balance: '100.00', paymentStatus: 'REFUNDED' });
    const updated = await gql(UPDATE, { id, input: { notes: 'x' } });
    expect(updated.data.updateInvoice.paymentStatus).toBe('REFUNDED');
    // Paying again after the refund: the same rule decides.
    const again = await record(svc, t, id, '40.00');
    expect(again.data.recordPayment.invoice).toMatchObject({ paymentStatus: 'PARTIALLY_PAID', amountPaid: '40.00', balance: '60.00' });
  });

  it('an import derives its figures by the same rule from what it puts on the ledger', async () => {
    const open = await gql(CREATE, { input: { customerId: t.customerId, lineItems: [line('50.00')], importedInvoiceTotal: '50.00', importedBalance: '50.00' } });
    expect(open.data.createInvoice).toMatchObject({ paymentStatus: 'UNPAID', amountPaid: '0.00', balance: '50.00' });
    const settled = await gql(CREATE, { input: { customerId: t.customerId, lineItems: [line('50.00')], importedInvoiceTotal: '50.00', importedBalance: '0' } });
    expect(settled.data.createInvoice).toMatchObject({ paymentStatus: 'PAID', amountPaid: '50.00', balance: '0.00' });
  });

  it('nothing left to pay is PAID, also when the amount is zero (a 0.00 line, a 100 % discount)', async () => {
    const zero = await gql(CREATE, { input: { customerId: t.customerId, lineItems: [line('0.00')] } });
    expect(zero.errors).toBeUndefined();
    expect(zero.data.createInvoice).toMatchObject({ amount: '0.00', balance: '0.00', amountPaid: '0.00', paymentStatus: 'PAID' });
    const activated = await bulk('activateInvoices', zero.data.createInvoice.id);
    expect(activated.invoice).toMatchObject({ status: 'ACTIVE', paymentStatus: 'PAID' });

    const id = await invoiceOf(svc.dataSource, t, '80.00');
    const full = await gql(DISCOUNT, { id, d: { type: 'PERCENTAGE', value: '100' } });
    expect(full.data.applyDiscount).toMatchObject({ amount: '0.00', balance: '0.00', paymentStatus: 'PAID' });
    const back = await gql(REMOVE, { id });
    expect(back.data.removeDiscount).toMatchObject({ amount: '80.00', balance: '80.00', paymentStatus: 'UNPAID' });

    const drafted = await gql(CREATE, { input: { customerId: t.customerId, lineItems: [line('10.00')] } });
    const toZero = await gql(UPDATE, { id: drafted.data.createInvoice.id, input: { lineItems: [line('0.00')] } });
    expect(toZero.data.updateInvoice).toMatchObject({ amount: '0.00', paymentStatus: 'PAID' });
  });

  describe('pending payments are never stranded', () => {
    it('void and cancel are refused while a payment is PENDING (INVOICE_HAS_PENDING_PAYMENTS); after failing it they work', async () => {
      for (const action of ['voidInvoices', 'cancelInvoices'] as const) {
        const id = await invoiceOf(svc.dataSource, t, '30.00');
        const pending = await record(svc, t, id, '30.00', { status: 'PENDING', method: 'HOSTED' });
        expect(pending.errors).toBeUndefined();
        const refused = await bulk(action, id);
        expect(refused).toMatchObject({ success: false, error: { code: 'INVOICE_HAS_PENDING_PAYMENTS', message: 'The invoice has a pending payment; complete or fail it first.' } });
        const actions = await gql('query($id: ID!) { invoiceById(id: $id) { availableActions { action allowed reasonCode } } }', { id });
        expect(actions.data.invoiceById.availableActions.filter((a: any) => ['VOID', 'CANCEL'].includes(a.action)))
          .toEqual([{ action: 'CANCEL', allowed: false, reasonCode: 'INVOICE_HAS_PENDING_PAYMENTS' }, { action: 'VOID', allowed: false, reasonCode: 'INVOICE_HAS_PENDING_PAYMENTS' }]);
        expect(codeOf(await fail(svc, t, id, pending.data.recordPayment.payment.id, 'abandoned'))).toBeUndefined();
        expect(await bulk(action, id)).toMatchObject({ success: true });
      }
    });

    it('failPayment works on a PENDING payment whatever the status; completePayment only on an ACTIVE invoice', async () => {
      for (const status of [InvoiceStatus.VOIDED, InvoiceStatus.CANCELED, InvoiceStatus.DRAFT, InvoiceStatus.PENDING_ACTIVATION]) {
        // A pending payment from before the guard (or a draft's, written directly): it can be failed.
        const id = await insertInvoice(svc.dataSource, t.tenantId, { customerId: t.customerId, status, lines: [{ quantity: '1', unitPrice: '20.00' }] });
        const paymentId = await insertPendingPayment(svc.dataSource, t.tenantId, id, '20.00');
        const completed = await complete(svc, t, id, paymentId);
        expect([status, codeOf(completed), completed.errors?.[0].message]).toEqual([status, 'INVALID_TRANSITION',
          `Cannot complete a payment on an invoice in status ${status} (allowed from ACTIVE).`]);
        const failed = await fail(svc, t, id, paymentId, 'voided before capture');
        expect([status, failed.errors]).toEqual([status, undefined]);
        expect(failed.data.failPayment.payment).toMatchObject({ status: 'FAILED', failureReason: 'voided before capture' });
        expect(failed.data.failPayment.invoice).toMatchObject({ status, amountPaid: '0.00', paymentStatus: 'UNPAID' });
      }
    });
  });

  describe('the currency follows the money', () => {
    it('cannot change once the invoice has any payment (FIELD_NOT_EDITABLE), an imported paid portion included', async () => {
      const imported = await gql(CREATE, { input: { customerId: t.customerId, currencyIsoCode: 'USD', lineItems: [line('10.00')], importedInvoiceTotal: '10.00', importedBalance: '4.00' } });
      expect(imported.data.createInvoice).toMatchObject({ status: 'DRAFT', amountPaid: '6.00', paymentStatus: 'PARTIALLY_PAID' });
      const res = await gql(UPDATE, { id: imported.data.createInvoice.id, input: { currencyIsoCode: 'JPY' } });
      expect(res.errors?.[0].extensions).toMatchObject({ code: 'FIELD_NOT_EDITABLE', path: ['input', 'currencyIsoCode'] });
      expect(res.errors?.[0].message).toBe('These fields cannot change: currencyIsoCode (cannot change once the invoice has payments).');

      // Any payment: a failed one too (its currency is the invoice's).
      const draft = await gql(CREATE, { input: { customerId: t.customerId, lineItems: [line('10.00')] } });
      const id = draft.data.createInvoice.id;
      await svc.dataSource.query(`INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, failed_at) VALUES ($1, gen_random_uuid(), $2, 10, 'USD', 'CARD', 'FAILED', now())`, [t.tenantId, id]);
      expect(codeOf(await gql(UPDATE, { id, input: { currencyIsoCode: 'EUR' } }))).toBe('FIELD_NOT_EDITABLE');
      // The same currency, in another case, is no change.
      expect((await gql(UPDATE, { id, input: { currencyIsoCode: 'usd', notes: 'same' } })).errors).toBeUndefined();
    });

    it('currency codes are accepted in any case everywhere a currency is input', async () => {
      const created = await gql(CREATE, { input: { customerId: t.customerId, currencyIsoCode: 'jpy', lineItems: [line('1000')] } });
      expect(created.errors).toBeUndefined();
      expect(created.data.createInvoice).toMatchObject({ currencyIsoCode: 'JPY', amount: '1000' });
      const id = created.data.createInvoice.id;
      const moved = await gql(UPDATE, { id, input: { currencyIsoCode: 'Kwd' } });
      expect(moved.data.updateInvoice).toMatchObject({ currencyIsoCode: 'KWD', amount: '1000.000' });
      const many = await gql(`mutation($inputs: [CreateInvoiceInput!]!) { createInvoices(inputs: $inputs) { results { invoice { currencyIsoCode } } } }`,
        { inputs: [{ customerId: t.customerId, currencyIsoCode: 'eur', lineItems: [line('1.00')] }] });
      expect(many.data.createInvoices.results[0].invoice.currencyIsoCode).toBe('EUR');
      expect(codeOf(await gql(CREATE, { input: { customerId: t.customerId, currencyIsoCode: 'usdollar' } }))).toBe('VALIDATION_FAILED');

      const active = await invoiceOf(svc.dataSource, t, '5.00');
      const pay = await record(svc, t, active, '1.00', { currency: 'usd' });
      expect(pay.data.recordPayment.payment.currency).toBe('USD');
      const filtered = await gql('query($id: ID!) { a: invoice(where: {id: {eq: $id}, currencyIsoCode: {eq: "usd"}}) { id } b: invoice(where: {id: {eq: $id}, currencyIsoCode: {in: ["Usd"]}, payments: {some: {currency: {eq: "uSD"}}}}) { id } }', { id: active });
      expect(filtered.data).toEqual({ a: [{ id: active }], b: [{ id: active }] });
    });
  });

  it('an imported total is authoritative: discounts and recomputing edits are refused with INVOICE_TOTAL_IMPORTED', async () => {
    const imported = await gql(CREATE, { input: { customerId: t.customerId, lineItems: [line('90.00')], importedInvoiceTotal: '99.99' } });
    expect(imported.data.createInvoice).toMatchObject({ amount: '99.99', balance: '99.99' });
    const id = imported.data.createInvoice.id;
    const discount = await gql(DISCOUNT, { id, d: { type: 'AMOUNT', value: '5.00' } });
    expect(discount.errors?.[0].extensions).toMatchObject({ code: 'INVOICE_TOTAL_IMPORTED', action: 'APPLY_DISCOUNT' });
    expect(codeOf(await gql(REMOVE, { id }))).toBe('INVOICE_TOTAL_IMPORTED');
    for (const input of [{ lineItems: [line('1.00')] }, { shippingAndHandling: '1.00' }, { taxAmount: '1.00' }, { currencyIsoCode: 'EUR' }]) {
      const res = await gql(UPDATE, { id, input });
      expect([input, res.errors?.[0].extensions?.code]).toEqual([input, 'INVOICE_TOTAL_IMPORTED']);
    }
    expect((await gql(UPDATE, { id, input: { notes: 'fine' } })).errors).toBeUndefined();
    const after = await gql('query($id: ID!) { invoiceById(id: $id) { amount availableActions { action allowed reasonCode } } }', { id });
    expect(after.data.invoiceById.amount).toBe('99.99');
    expect(after.data.invoiceById.availableActions.find((a: any) => a.action === 'APPLY_DISCOUNT')).toEqual({ action: 'APPLY_DISCOUNT', allowed: false, reasonCode: 'INVOICE_TOTAL_IMPORTED' });
  });

  it('every money field of every type carries the currency minor unit', async () => {
    // Every object type with Decimal fields, from the schema: a new one must be covered here.
    const moneyFields = new Map<string, string[]>();
    for (const type of Object.values(svc.schema.getTypeMap())) {
      if (!(type instanceof GraphQLObjectType) || type.name.startsWith('__')) continue;
      const fields = Object.values(type.getFields()).filter((f) => getNamedType(f.type).name === 'Decimal').map((f) => f.name);
      if (fields.length) moneyFields.set(type.name, fields);
    }
    // Not amounts: a quantity, a unit price (priced finer than the minor unit), a percentage.
    const NOT_MONEY = new Set(['InvoiceLineItem.quantity', 'InvoiceLineItem.unitPrice', 'Invoice.discountValue']);
    expect([...moneyFields.keys()].sort()).toEqual(['Invoice', 'InvoiceLineItem', 'Payment', 'Refund']);
    const sel = (type: string) => moneyFields.get(type)!.join(' ');
    const query = `query($id: ID!) { invoiceById(id: $id) { currencyIsoCode ${sel('Invoice')} lineItems { ${sel('InvoiceLineItem')} }
      payments { ${sel('Payment')} refunds { ${sel('Refund')} } } } }`;
    for (const [currency, digits, price] of [['JPY', 0, '1200'], ['USD', 2, '12.00'], ['KWD', 3, '12.000']] as const) {
      const created = await gql(CREATE, { input: { customerId: t.customerId, currencyIsoCode: currency, lineItems: [line(price), line(price, '2')],
        discount: { type: 'AMOUNT', value: price }, importedInvoiceTotal: null } });
      const id = created.data.createInvoice.id;
      await bulk('activateInvoices', id);
      const half = currency === 'JPY' ? '600' : currency === 'USD' ? '6.00' : '6.000';
      const p1 = await record(svc, t, id, price);
      await record(svc, t, id, half); // never refunded: refundedAmount stays zero
      await record(svc, t, id, half, { status: 'PENDING', method: 'HOSTED' });
      await refund(svc, t, id, p1.data.recordPayment.payment.id, half);
      const imported = await gql(CREATE, { input: { customerId: t.customerId, currencyIsoCode: currency, lineItems: [line(price)], importedInvoiceTotal: price, importedBalance: half } });
      for (const invoiceId of [id, imported.data.createInvoice.id]) {
        const res = await gql(query, { id: invoiceId });
        expect(res.errors).toBeUndefined();
        const bad: string[] = [];
        const check = (type: string, row: Record<string, unknown>) => {
          for (const f of moneyFields.get(type)!) {
            if (NOT_MONEY.has(`${type}.${f}`) || row[f] == null) continue;
            const decimals = String(row[f]).split('.')[1]?.length ?? 0;
            if (decimals !== digits) bad.push(`${currency} ${type}.${f} = ${row[f]}`);
          }
        };
        const inv = res.data.invoiceById;
        check('Invoice', inv);
        inv.lineItems.forEach((l: Record<string, unknown>) => check('InvoiceLineItem', l));
        inv.payments.forEach((p: Record<string, unknown> & { refunds: Array<Record<string, unknown>> }) => {
          check('Payment', p);
          p.refunds.forEach((r) => check('Refund', r));
        });
        expect(inv.payments.length).toBeGreaterThan(0);
        expect(bad).toEqual([]);
      }
    }
  });
});
