import type { QueryRunner } from 'typeorm';
import { hash, pick } from './seed-sql';
import { COMPANY_CORES, COMPANY_KINDS, COMPANY_PREFIXES, FIRST_NAMES, LAST_NAMES, PLACES, STREETS } from './seed-vocabulary';

const currencyOf = (o: string) => `CASE WHEN ${hash(o, 5)} % 100 < 70 THEN 'USD' WHEN ${hash(o, 5)} % 100 < 85 THEN 'EUR'
            WHEN ${hash(o, 5)} % 100 < 93 THEN 'JPY' ELSE 'KWD' END`;

/**
 * Creates `count` customers (each with one or two contacts), numbered after the tenant's
 * existing customers; returns that base ordinal for loadCustomerPlan.
 */
export async function seedCustomers(runner: QueryRunner, tenantId: string, count: number): Promise<number> {
  const [{ existing }] = await runner.query('SELECT count(*)::bigint AS existing FROM customer WHERE tenant_id = $1', [tenantId]);
  const o = 'c.ordinal';
  const place = `(CASE c.currency ${(Object.keys(PLACES) as Array<keyof typeof PLACES>)
    .map((cur) => `WHEN '${cur}' THEN ${pick(PLACES[cur], hash(o, 14))}`)
    .join(' ')} END)`;
  const address = (salt: number) => `jsonb_build_object(
      'street', (1 + ${hash(o, salt)} % 9899)::text || ' ' || ${pick(STREETS, hash(o, salt + 1))},
      'city', split_part(p.place, '|', 1), 'state', split_part(p.place, '|', 2),
      'postalCode', lpad((${hash(o, salt + 2)} % 99999)::text, 5, '0'), 'country', split_part(p.place, '|', 3))`;

  await runner.query('DROP TABLE IF EXISTS seed_customer');
  await runner.query(`CREATE TEMP TABLE seed_customer (
      idx int PRIMARY KEY, ordinal bigint NOT NULL, id uuid NOT NULL, contact_id uuid NOT NULL, contact2_id uuid, currency text NOT NULL)`);
  await runner.query(
    `INSERT INTO seed_customer
     SELECT k, o, gen_random_uuid(), gen_random_uuid(),
       CASE WHEN ${hash('o', 11)} % 2 = 0 THEN gen_random_uuid() END,
       ${currencyOf('o')}
     FROM (SELECT k, $1::bigint + k + 1 AS o FROM generate_series(0, $2::int - 1) k) s`,
    [existing, count],
  );
  await runner.query('ANALYZE seed_customer');

  await runner.query(
    `INSERT INTO customer (tenant_id, id, customer_number, company_name, company_email, company_phone,
       billing_address, shipping_address, created_date)
     SELECT $1, c.id, 'CUST-' || lpad(c.ordinal::text, 6, '0'), n.name,
       'billing@' || n.slug || '.example.com',
       split_part(p.place, '|', 4) || ' ' || (200 + ${hash(o, 15)} % 800)::text || ' 555 ' || lpad((${hash(o, 16)} % 10000)::text, 4, '0'),
       ${address(20)},
       CASE WHEN ${hash(o, 17)} % 4 = 0 THEN ${address(30)} ELSE ${address(20)} END,
       now() - make_interval(days => 730 + ${hash(o, 18)} % 365)
     FROM seed_customer c
     CROSS JOIN LATERAL (SELECT ${pick(COMPANY_PREFIXES, hash(o, 1))} AS prefix, ${pick(COMPANY_CORES, hash(o, 2))} AS core,
                                ${pick(COMPANY_KINDS, hash(o, 3))} AS kind, ${place} AS place) p
     CROSS JOIN LATERAL (SELECT p.prefix || ' ' || p.core || ' ' || p.kind AS name,
                                regexp_replace(lower(p.prefix || p.core), '[^a-z]', '', 'g') || c.ordinal::text AS slug) n`,
    [tenantId],
  );

  await runner.query(
    `INSERT INTO contact (tenant_id, id, customer_id, first_name, last_name, email, phone, created_date)
     SELECT $1, x.id, c.id, f.first_name, f.last_name,
       lower(regexp_replace(f.first_name || '.' || f.last_name, '[^A-Za-z.]', '', 'g')) || '@' || split_part(cu.company_email, '@', 2),
       split_part(cu.company_phone, ' ', 1) || ' ' || (200 + ${hash('c.ordinal * 3 + x.k', 42)} % 800)::text || ' 555 ' || lpad((${hash('c.ordinal * 3 + x.k', 43)} % 10000)::text, 4, '0'),
       cu.created_date
     FROM seed_customer c
     JOIN customer cu ON cu.tenant_id = $1 AND cu.id = c.id
     CROSS JOIN LATERAL (VALUES (c.contact_id, 1), (c.contact2_id, 2)) x(id, k)
     CROSS JOIN LATERAL (SELECT ${pick(FIRST_NAMES, hash('c.ordinal * 3 + x.k', 40))} AS first_name,
                                ${pick(LAST_NAMES, hash('c.ordinal * 3 + x.k', 41))} AS last_name) f
     WHERE x.id IS NOT NULL`,
    [tenantId],
  );
  await runner.query('DROP TABLE seed_customer');
  await runner.query('ANALYZE customer, contact');
  return Number(existing);
}

/**
 * Puts the customers seedCustomers made (ordinals base+1..base+count) into this session's temp
 * table `seed_customer(idx 0..count-1, id, contact_id, currency)` that invoice batches join
 * on; every seeding connection loads its own copy.
 */
export async function loadCustomerPlan(runner: QueryRunner, tenantId: string, base: number, count: number): Promise<void> {
  await runner.query('DROP TABLE IF EXISTS seed_customer');
  // One join (not a subquery per customer): planned well even before the tables are analyzed.
  await runner.query(
    `CREATE TEMP TABLE seed_customer AS
     SELECT DISTINCT ON (x.ordinal) (x.ordinal - $2 - 1)::int AS idx, x.ordinal, x.id, k.id AS contact_id,
       ${currencyOf('x.ordinal')} AS currency
     FROM (SELECT c.id, CASE WHEN c.customer_number ~ '^CUST-[0-9]{1,15}$' THEN substr(c.customer_number, 6)::bigint END AS ordinal
           FROM customer c WHERE c.tenant_id = $1) x
     JOIN contact k ON k.tenant_id = $1 AND k.customer_id = x.id
     WHERE x.ordinal > $2 AND x.ordinal <= $2 + $3
     ORDER BY x.ordinal, k.id`,
    [tenantId, base, count],
  );
  await runner.query('CREATE UNIQUE INDEX ON seed_customer (idx)');
  await runner.query('ANALYZE seed_customer');
}
