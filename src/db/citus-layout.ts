/**
 * How the schema maps onto Citus (PostgreSQL distributed by tenant). Every table is one of:
 *
 * - distributed by `tenant_id`, co-located: every table that carries tenant_id and is not listed
 *   below. A tenant's rows, joins and transactions then live on one node. Its primary key, unique
 *   keys and foreign keys include tenant_id (test/citus/schema-layout.test.ts checks the catalog).
 * - a reference table (REFERENCE_TABLES): small, shared, replicated to every node, so a lookup
 *   that comes before the tenant is known, or a foreign key from a distributed table, is local
 *   everywhere.
 * - a local table of the coordinator (LOCAL_TABLES): the deployment's own bookkeeping, never read
 *   by a request.
 *
 * This list is the one source of truth: src/db/citus-distribution.ts builds its statements from
 * it and from the catalog, and the tests hold the catalog to it.
 */
export const DISTRIBUTION_COLUMN = 'tenant_id';

export const REFERENCE_TABLES: Readonly<Record<string, string>> = Object.freeze({
  tenant: 'one row per tenant; every distributed table references it (tenant_id -> tenant.id)',
  api_key: 'looked up by key hash before the tenant is known (the key decides the tenant): a reference table answers that on any node',
  service_setting: 'deployment-wide settings (the PDF signing secret), a handful of rows read by every process',
});

export const LOCAL_TABLES: Readonly<Record<string, string>> = Object.freeze({
  migrations: "TypeORM's record of applied migrations, read and written only by `npm run migrate` / start-up on the coordinator",
});
