import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerFacts1764910000000 } from '../../migrations/1764910000000-LedgerFacts';
import { createDataSource } from '../../src/db/data-source';
import { ownDatabase, OwnDatabase } from '../support/own-database';

/**
 * The LedgerFacts migration repairs rows written before it: money in its currency's minor unit,
 * paymentStatus by the one rule, imported totals recorded. Run down and up again on a database of
 * its own (DDL on the shared database would disturb other files).
 */
describe('migration LedgerFacts on existing rows', () => {
  let db: OwnDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await ownDatabase('ledger-facts-migration');
    ds = createDataSource({ url: db.url, poolSize: 2 });
    await ds.initialize();
  });
  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('re-scales money, repairs payment statuses and fills imported totals', async () => {
    const migration = new LedgerFacts1764910000000();
    const runner = ds.createQueryRunner();
    await migration.down(runner);
    const tenant = randomUUID();
    const customer = randomUUID();
    await ds.query(`INSERT INTO tenant (id, name) VALUES ($1, 'Old rows')`, [tenant]);
    await ds.query(`INSERT INTO customer (tenant_id, id, company_name) VALUES ($1, $2, 'Old Co')`, [tenant, customer]);
    const invoice = async (n: string, currency: string, figures: Record<string, string | null>, status = 'ACTIVE', paymentStatus = 'UNPAID') => {
      const id = randomUUID();
      const f = { subtotal: '0', discount_amount: '0', amount_without_tax: '0', tax_amount: '0', shipping_and_handling: '0', amount: '0', amount_paid: '0', balance: '0',
        discount_type: null, discount_value: null, ...figures };
      await ds.query(
        `INSERT INTO invoice (tenant_id, id, invoice_number, customer_id, status, payment_status, currency_iso_code, subtotal, discount_amount,
           amount_without_tax, tax_amount, shipping_and_handling, amount, amount_paid, balance, discount_type, discount_value)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [tenant, id, n, customer, status, paymentStatus, currency, f.subtotal, f.discount_amount, f.amount_without_tax, f.tax_amount,
          f.shipping_and_handling, f.amount, f.amount_paid, f.balance, f.discount_type, f.discount_value],
      );
      return id;
    };
    const payment = async (invoiceId: string, amount: string, currency: string, refunded = '0') => {
      const id = randomUUID();
      await ds.query(`INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, refunded_amount, completed_at)
        VALUES ($1, $2, $3, $4, $5, 'EFT', 'COMPLETED', $6, now())`, [tenant, id, invoiceId, amount, currency, refunded]);
      if (refunded !== '0') await ds.query(`INSERT INTO refund (tenant_id, id, payment_id, invoice_id, amount) VALUES ($1, gen_random_uuid(), $2, $3, $4)`, [tenant, id, invoiceId, refunded]);
      return id;
    };

    // A USD payment never refunded: refunded_amount "0".
    const usd = await invoice('M-1', 'USD', { subtotal: '10.00', amount_without_tax: '10.00', amount: '10.00', amount_paid: '4.00', balance: '6.00' }, 'ACTIVE', 'PARTIALLY_PAID');
    const usdPayment = await payment(usd, '4.00', 'USD');
    // A KWD invoice with a payment written as 5.5 and one fully refunded, discounted afterwards (read UNPAID).
    const kwd = await invoice('M-2', 'KWD', { subtotal: '20.000', discount_amount: '2.000', amount_without_tax: '18.000', amount: '18.000', balance: '18.000',
      discount_type: 'PERCENTAGE', discount_value: '10' });
    const kwdPayment = await payment(kwd, '5.5', 'KWD', '5.5');
    // A zero invoice read UNPAID.
    const zero = await invoice('M-3', 'USD', { subtotal: '0.00', amount_without_tax: '0.00', amount: '0.00', amount_paid: '0.00', balance: '0.00' });
    // A draft moved from USD to JPY: totals rounded, lines and the fixed discount not.
    const jpy = await invoice('M-4', 'JPY', { subtotal: '11', discount_amount: '6', amount_without_tax: '5', amount: '5', balance: '5', discount_type: 'AMOUNT', discount_value: '5.55' }, 'DRAFT');
    await ds.query(`INSERT INTO invoice_line_item (tenant_id, id, invoice_id, line_number, description, quantity, unit_price, discount_amount, tax_amount, amount)
      VALUES ($1, gen_random_uuid(), $2, 1, 'Seat', 1, 10.55, 0.00, 0.00, 10.55)`, [tenant, jpy]);
    // An import whose history records its total.
    const imported = await invoice('M-5', 'USD', { subtotal: '90.00', amount_without_tax: '90.00', amount: '99.99', balance: '99.99' }, 'DRAFT');
    await ds.query(`INSERT INTO invoice_history (tenant_id, id, invoice_id, action, to_status, changes)
      VALUES ($1, gen_random_uuid(), $2, 'CREATE', 'DRAFT', '{"imported": {"invoiceTotal": "99.99", "balance": null}}')`, [tenant, imported]);

    await migration.up(runner);
    await runner.release();

    const inv = async (id: string) => (await ds.query(
      `SELECT payment_status, amount_paid::text, balance::text, discount_value::text, imported_invoice_total::text FROM invoice WHERE id = $1`, [id]))[0];
    const pay = async (id: string) => (await ds.query(`SELECT amount::text, refunded_amount::text FROM payment WHERE id = $1`, [id]))[0];
    expect(await pay(usdPayment)).toEqual({ amount: '4.00', refunded_amount: '0.00' });
    expect(await pay(kwdPayment)).toEqual({ amount: '5.500', refunded_amount: '5.500' });
    expect((await ds.query('SELECT amount::text FROM refund WHERE payment_id = $1', [kwdPayment]))[0].amount).toBe('5.500');
    expect(await inv(kwd)).toMatchObject({ payment_status: 'REFUNDED', amount_paid: '0.000', balance: '18.000', discount_value: '10' });
    expect(await inv(zero)).toMatchObject({ payment_status: 'PAID' });
    expect(await inv(usd)).toMatchObject({ payment_status: 'PARTIALLY_PAID', imported_invoice_total: null });
    expect(await inv(jpy)).toMatchObject({ discount_value: '6' });
    expect(await ds.query('SELECT unit_price::text, discount_amount::text, tax_amount::text, amount::text FROM invoice_line_item WHERE invoice_id = $1', [jpy]))
      .toEqual([{ unit_price: '10.55', discount_amount: '0', tax_amount: '0', amount: '11' }]);
    expect(await inv(imported)).toMatchObject({ imported_invoice_total: '99.99' });
  });
});
