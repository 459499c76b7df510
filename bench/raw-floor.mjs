/**
 * The floor of the benchmark: a minimal Node HTTP handler per workload that runs ONE
 * hand-written SQL query with `pg` (PostgreSQL builds the whole JSON) and returns the same
 * JSON shape as our GraphQL API. No GraphQL, no auth lookup (tenant id in x-tenant-id): what
 * the hardware allows. Usage: DATABASE_URL=... PORT=... node bench/raw-floor.mjs
 */
import http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pg = require('pg');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE || 10), application_name: 'bench-floor' });
const ts = (col) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const SQL = {
  // Nue's seed query: the customer's ACTIVE invoices, default order and limit (createdDate DESC, 25).
  w1: {
    name: 'floor_w1',
    text: `SELECT json_build_object('data', json_build_object('invoice', coalesce(json_agg(json_build_object(
        'amount', amount::text, 'amountWithoutTax', amount_without_tax::text, 'balance', balance::text,
        'createdDate', ${ts('created_date')}, 'customerId', customer_id, 'dueDate', due_date::text, 'endDate', end_date::text,
        'invoiceDate', invoice_date::text, 'name', invoice_number,
        'invoicePdf', 'http://127.0.0.1/invoices/' || id || '/pdf?token=' || md5(id::text || tenant_id::text),
        'paymentStatus', payment_status, 'startDate', start_date::text, 'status', status, 'taxAmount', tax_amount::text)
        ORDER BY created_date DESC, id), '[]'::json)))::text AS body
      FROM (SELECT * FROM invoice WHERE tenant_id = $1 AND customer_id = $2 AND status = 'ACTIVE' AND is_active
            ORDER BY created_date DESC, id LIMIT 25) i`,
    params: (t, b) => [t, b.customerId],
  },
  w2: {
    name: 'floor_w2',
    text: `WITH page AS (
        SELECT id, tenant_id, customer_id, invoice_number, status, payment_status, invoice_date, due_date, currency_iso_code, amount, balance
        FROM invoice WHERE tenant_id = $1 AND status = 'ACTIVE' AND is_active AND due_date BETWEEN $2::date AND $3::date
        ORDER BY due_date, id LIMIT 50)
      SELECT json_build_object('data', json_build_object('invoices', json_build_object(
        'totalCount', (SELECT count(*) FROM invoice WHERE tenant_id = $1 AND status = 'ACTIVE' AND is_active AND due_date BETWEEN $2::date AND $3::date),
        'nodes', coalesce((SELECT json_agg(json_build_object(
          'id', p.id, 'name', p.invoice_number, 'status', p.status, 'paymentStatus', p.payment_status,
          'invoiceDate', p.invoice_date::text, 'dueDate', p.due_date::text, 'currencyIsoCode', p.currency_iso_code,
          'amount', p.amount::text, 'balance', p.balance::text,
          'customer', (SELECT json_build_object('id', c.id, 'companyName', c.company_name, 'companyEmail', c.company_email)
                       FROM customer c WHERE c.tenant_id = p.tenant_id AND c.id = p.customer_id),
          'lineItems', coalesce((SELECT json_agg(json_build_object('id', l.id, 'lineNumber', l.line_number, 'description', l.description,
                         'quantity', l.quantity::text, 'unitPrice', l.unit_price::text, 'amount', l.amount::text) ORDER BY l.line_number)
                       FROM invoice_line_item l WHERE l.tenant_id = p.tenant_id AND l.invoice_id = p.id), '[]'::json),
          'payments', coalesce((SELECT json_agg(json_build_object('id', y.id, 'amount', y.amount::text, 'method', y.method,
                         'status', y.status, 'receivedDate', y.received_date::text) ORDER BY y.created_date, y.id)
                       FROM payment y WHERE y.tenant_id = p.tenant_id AND y.invoice_id = p.id), '[]'::json))
          ORDER BY p.due_date, p.id) FROM page p), '[]'::json))))::text AS body`,
    params: (t, b) => [t, b.from, b.to],
  },
  w3: {
    name: 'floor_w3',
    text: `SELECT json_build_object('data', json_build_object('invoiceById', (SELECT json_build_object(
        'id', i.id, 'name', i.invoice_number, 'status', i.status, 'paymentStatus', i.payment_status, 'currencyIsoCode', i.currency_iso_code,
        'invoiceDate', i.invoice_date::text, 'dueDate', i.due_date::text, 'paymentTerms', i.payment_terms, 'poNumber', i.po_number, 'notes', i.notes,
        'subtotal', i.subtotal::text, 'discountAmount', i.discount_amount::text, 'amountWithoutTax', i.amount_without_tax::text,
        'taxAmount', i.tax_amount::text, 'shippingAndHandling', i.shipping_and_handling::text, 'amount', i.amount::text,
        'amountPaid', i.amount_paid::text, 'balance', i.balance::text, 'createdDate', ${ts('i.created_date')},
        'customer', (SELECT json_build_object('id', c.id, 'customerNumber', c.customer_number, 'companyName', c.company_name,
                       'companyEmail', c.company_email, 'companyPhone', c.company_phone, 'billingAddress', c.billing_address)
                     FROM customer c WHERE c.tenant_id = i.tenant_id AND c.id = i.customer_id),
        'billToContact', (SELECT json_build_object('id', k.id, 'firstName', k.first_name, 'lastName', k.last_name, 'email', k.email)
                     FROM contact k WHERE k.tenant_id = i.tenant_id AND k.id = i.bill_to_contact_id),
        'lineItems', coalesce((SELECT json_agg(json_build_object('id', l.id, 'lineNumber', l.line_number, 'productCode', l.product_code,
                       'description', l.description, 'quantity', l.quantity::text, 'unitPrice', l.unit_price::text,
                       'discountAmount', l.discount_amount::text, 'taxAmount', l.tax_amount::text, 'amount', l.amount::text) ORDER BY l.line_number)
                     FROM invoice_line_item l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id), '[]'::json),
        'payments', coalesce((SELECT json_agg(json_build_object('id', y.id, 'amount', y.amount::text, 'currency', y.currency, 'method', y.method,
                       'status', y.status, 'receivedDate', y.received_date::text, 'refundedAmount', y.refunded_amount::text,
                       'refunds', coalesce((SELECT json_agg(json_build_object('id', r.id, 'amount', r.amount::text, 'reason', r.reason) ORDER BY r.created_date)
                                            FROM refund r WHERE r.tenant_id = y.tenant_id AND r.payment_id = y.id), '[]'::json))
                       ORDER BY y.created_date, y.id)
                     FROM payment y WHERE y.tenant_id = i.tenant_id AND y.invoice_id = i.id), '[]'::json),
        'comments', coalesce((SELECT json_agg(json_build_object('id', m.id, 'comment', m.comment, 'createTime', ${ts('m.create_time')}) ORDER BY m.create_time)
                     FROM invoice_comment m WHERE m.tenant_id = i.tenant_id AND m.invoice_id = i.id), '[]'::json),
        'history', coalesce((SELECT json_agg(json_build_object('action', h.action, 'fromStatus', h.from_status, 'toStatus', h.to_status,
                       'createdAt', ${ts('h.created_at')}) ORDER BY h.created_at)
                     FROM invoice_history h WHERE h.tenant_id = i.tenant_id AND h.invoice_id = i.id), '[]'::json))
      FROM invoice i WHERE i.tenant_id = $1 AND i.id = $2)))::text AS body`,
    params: (t, b) => [t, b.invoiceId],
  },
};

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
    const q = SQL[req.url.slice(1)];
    if (!q || req.method !== 'POST') {
      res.writeHead(404).end();
      return;
    }
    const body = JSON.parse(await readBody(req));
    // A named statement is prepared once per connection, like a tuned service would.
    const result = await pool.query({ name: q.name, text: q.text, values: q.params(req.headers['x-tenant-id'], body) });
    res.writeHead(200, { 'content-type': 'application/json' }).end(result.rows[0].body);
  } catch (error) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: String(error.message) }] }));
  }
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT || 4100), '127.0.0.1', () => {
  console.error(`raw floor listening on http://127.0.0.1:${server.address().port}`);
});
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
