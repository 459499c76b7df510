import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Customers and contacts written through the API (createCustomer, updateCustomer, createContact,
 * updateContact): a customer's `external_id` (its id in another system, such as Nue's
 * `001ks00000dvz1ayad`; unique per tenant), an optimistic `version` and `last_modified_date` on
 * both, and `customer_history`, one entry per creation or change of a customer or one of its
 * contacts (who, when, which fields from what to what).
 */
export class CustomerWrites1764910100000 implements MigrationInterface {
  name = 'CustomerWrites1764910100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer
        ADD COLUMN external_id text,
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN last_modified_date timestamptz NOT NULL DEFAULT now();
      UPDATE customer SET last_modified_date = created_date;
      CREATE UNIQUE INDEX customer_external_id_uq ON customer (tenant_id, external_id) WHERE external_id IS NOT NULL;

      ALTER TABLE contact
        ADD COLUMN version integer NOT NULL DEFAULT 1,
        ADD COLUMN last_modified_date timestamptz NOT NULL DEFAULT now();
      UPDATE contact SET last_modified_date = created_date;

      CREATE TABLE customer_history (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        customer_id uuid NOT NULL,
        contact_id uuid,
        action text NOT NULL,
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        changes jsonb,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX customer_history_customer_idx ON customer_history (tenant_id, customer_id, created_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE customer_history;
      ALTER TABLE contact DROP COLUMN version, DROP COLUMN last_modified_date;
      DROP INDEX customer_external_id_uq;
      ALTER TABLE customer DROP COLUMN external_id, DROP COLUMN version, DROP COLUMN last_modified_date;
    `);
  }
}
