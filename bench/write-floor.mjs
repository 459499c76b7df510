/**
 * The floor of the write workloads: a minimal Node HTTP handler that writes the same rows as
 * our service with hand-written SQL and `pg`, in one transaction per request, with no GraphQL,
 * no API-key lookup (tenant id in x-tenant-id), no validation and no idempotency: what the
 * hardware allows. Usage: DATABASE_URL=... PORT=... node bench/write-floor.mjs
 *
 * POST /import  {inputs: [CreateInvoiceInput with invoiceNumber, customerId, invoiceDate, paymentTerms NetN, USD lineItems]}
 *   the invoices, their lines and a CREATE history entry each, in one statement; totals computed by PostgreSQL.
 * POST /pay     {invoiceId, amount}
 *   lock the invoice row, insert a COMPLETED payment, update the invoice's ledger columns, one history entry.
 */
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pg = require('pg');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE || 10), application_name: 'bench-write-floor' });

const IMPORT = `
  WITH inv AS (
    SELECT * FROM jsonb_to_recordset($2::jsonb) AS x(n int, invoice_number text, customer_id uuid, invoice_date date, payment_terms text, days int)
  ), lin AS (
    SELECT x.*, round(x.quantity * x.unit_price, 2) AS amount
    FROM jsonb_to_recordset($3::jsonb) AS x(n int, line_number int, product_code text, description text, quantity numeric, unit_price numeric)
  ), ids AS (
    SELECT inv.*, gen_random_uuid() AS id, coalesce((SELECT sum(lin.amount) FROM lin WHERE lin.n = inv.n), 0) AS subtotal FROM inv
  ), i AS (
    INSERT INTO invoice (tenant_id, id, invoice_number, customer_id, status, payment_status, invoice_date, due_date, payment_terms,
      currency_iso_code, subtotal, amount_without_tax, amount, balance)
    SELECT $1, id, invoice_number, customer_id, 'DRAFT', 'UNPAID', invoice_date, invoice_date + days, payment_terms,
      'USD', subtotal, subtotal, subtotal, subtotal FROM ids ORDER BY invoice_number
    RETURNING id
  ), l AS (
    INSERT INTO invoice_line_item (tenant_id, id, invoice_id, line_number, product_code, description, quantity, unit_price, amount)
    SELECT $1, gen_random_uuid(), ids.id, lin.line_number, lin.product_code, lin.description, lin.quantity, lin.unit_price, lin.amount
    FROM lin JOIN ids ON ids.n = lin.n
  ), h AS (
    INSERT INTO invoice_history (tenant_id, id, invoice_id, action, to_status) SELECT $1, gen_random_uuid(), id, 'CREATE', 'DRAFT' FROM ids
  )
  SELECT count(*)::int AS created FROM i`;

async function importInvoices(tenantId, body) {
  const invoices = [];
  const lines = [];
  body.inputs.forEach((input, n) => {
    invoices.push({ n, invoice_number: input.invoiceNumber, customer_id: input.customerId, invoice_date: input.invoiceDate,
      payment_terms: input.paymentTerms, days: Number(/\d+/.exec(input.paymentTerms ?? '0')?.[0] ?? 0) });
    (input.lineItems ?? []).forEach((l, k) => lines.push({ n, line_number: k + 1, product_code: l.productCode ?? null, description: l.description,
      quantity: l.quantity, unit_price: l.unitPrice }));
  });
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query({ name: 'floor_import', text: IMPORT, values: [tenantId, JSON.stringify(invoices), JSON.stringify(lines)] });
    await client.query('COMMIT');
    return { data: { createInvoices: { createdCount: rows[0].created, failedCount: body.inputs.length - rows[0].created } } };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

async function pay(tenantId, body) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows: [inv] } = await client.query({
      name: 'floor_pay_lock',
      text: 'SELECT id, status, currency_iso_code, balance FROM invoice WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      values: [tenantId, body.invoiceId],
    });
    if (!inv || inv.status !== 'ACTIVE' || Number(inv.balance) < Number(body.amount)) throw new Error('not payable');
    const { rows: [payment] } = await client.query({
      name: 'floor_pay_insert',
      text: `INSERT INTO payment (tenant_id, id, invoice_id, amount, currency, method, status, received_date, created_date, completed_at)
             VALUES ($1, gen_random_uuid(), $2, $3, $4, 'EFT', 'COMPLETED', current_date, clock_timestamp(), now()) RETURNING id, amount::text`,
      values: [tenantId, body.invoiceId, body.amount, inv.currency_iso_code],
    });
    const { rows: [invoice] } = await client.query({
      name: 'floor_pay_update',
      text: `UPDATE invoice SET amount_paid = amount_paid + $3, balance = balance - $3,
               payment_status = CASE WHEN balance - $3 = 0 THEN 'PAID' ELSE 'PARTIALLY_PAID' END,
               version = version + 1, last_modified_date = now()
             WHERE tenant_id = $1 AND id = $2 RETURNING id, balance::text, payment_status AS "paymentStatus"`,
      values: [tenantId, body.invoiceId, body.amount],
    });
    await client.query({
      name: 'floor_pay_history',
      text: `INSERT INTO invoice_history (tenant_id, id, invoice_id, action, from_status, to_status, changes)
             VALUES ($1, gen_random_uuid(), $2, 'RECORD_PAYMENT', 'ACTIVE', 'ACTIVE', $3)`,
      values: [tenantId, body.invoiceId, JSON.stringify({ payment: { id: payment.id, amount: payment.amount } })],
    });
    await client.query('COMMIT');
    return { data: { recordPayment: { payment, invoice } } };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

const ROUTES = { '/import': importInvoices, '/pay': pay };

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const route = ROUTES[req.url];
    if (!route || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const answer = await route(req.headers['x-tenant-id'], JSON.parse(await readBody(req)));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
  } catch (error) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error.message) }] }));
  }
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT || 4200), '127.0.0.1', () => {
  console.error(`write floor listening on http://127.0.0.1:${server.address().port}`);
});
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
