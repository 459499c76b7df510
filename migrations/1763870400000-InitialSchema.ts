import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The whole initial schema. Every table carries tenant_id, first in its primary key and in
 * every unique key and foreign key, so that a sharded PostgreSQL (Citus) can distribute by it.
 * Ledger invariants are also CHECK constraints, so no code path can store an inconsistent balance.
 */
export class InitialSchema1763870400000 implements MigrationInterface {
  name = 'InitialSchema1763870400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tenant (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE api_key (
        tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        id uuid NOT NULL,
        key_hash text NOT NULL,
        key_prefix text NOT NULL,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        PRIMARY KEY (tenant_id, id)
      );
      -- Looked up by hash before the tenant is known; a key hash is unique across tenants.
      CREATE UNIQUE INDEX api_key_hash_idx ON api_key (key_hash);

      CREATE TABLE customer (
        tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        id uuid NOT NULL,
        customer_number text,
        company_name text NOT NULL,
        company_email text,
        company_phone text,
        billing_address jsonb,
        shipping_address jsonb,
        created_date timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id)
      );
      CREATE UNIQUE INDEX customer_number_uq ON customer (tenant_id, customer_number) WHERE customer_number IS NOT NULL;
      CREATE INDEX customer_company_name_idx ON customer (tenant_id, lower(company_name));

      CREATE TABLE contact (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        customer_id uuid NOT NULL,
        first_name text,
        last_name text,
        email text,
        phone text,
        created_date timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX contact_customer_idx ON contact (tenant_id, customer_id);

      CREATE TABLE invoice_number_sequence (
        tenant_id uuid PRIMARY KEY REFERENCES tenant(id) ON DELETE CASCADE,
        last_value bigint NOT NULL DEFAULT 0
      );

      CREATE TABLE invoice (
        tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        id uuid NOT NULL,
        invoice_number text NOT NULL,
        external_id text,
        order_id text,
        order_number text,
        customer_id uuid NOT NULL,
        bill_to_contact_id uuid,
        sales_account_id text,
        sales_rep jsonb,
        status text NOT NULL CHECK (status IN ('DRAFT','PENDING_ACTIVATION','ACTIVE','CANCELED','VOIDED')),
        payment_status text NOT NULL CHECK (payment_status IN ('UNPAID','PARTIALLY_PAID','PAID','REFUNDED')),
        invoice_date date,
        due_date date,
        start_date date,
        end_date date,
        target_date date,
        payment_terms text,
        currency_iso_code text NOT NULL,
        po_number text,
        notes text,
        subtotal numeric NOT NULL DEFAULT 0,
        discount_code text,
        discount_type text CHECK (discount_type IN ('PERCENTAGE','AMOUNT')),
        discount_value numeric,
        discount_description text,
        discount_amount numeric NOT NULL DEFAULT 0,
        amount_without_tax numeric NOT NULL DEFAULT 0,
        tax_amount numeric NOT NULL DEFAULT 0,
        shipping_and_handling numeric NOT NULL DEFAULT 0,
        amount numeric NOT NULL DEFAULT 0,
        amount_paid numeric NOT NULL DEFAULT 0,
        balance numeric NOT NULL DEFAULT 0,
        is_active boolean NOT NULL DEFAULT true,
        activated_time timestamptz,
        activated_by_id uuid,
        activate_on date,
        cancellation_date timestamptz,
        voided_date timestamptz,
        created_date timestamptz NOT NULL DEFAULT now(),
        created_by_id uuid,
        last_modified_date timestamptz NOT NULL DEFAULT now(),
        last_modified_by_id uuid,
        custom_fields jsonb,
        version integer NOT NULL DEFAULT 1,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, invoice_number),
        FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id),
        FOREIGN KEY (tenant_id, bill_to_contact_id) REFERENCES contact(tenant_id, id) ON DELETE SET NULL (bill_to_contact_id),
        CONSTRAINT invoice_money_non_negative CHECK (
          subtotal >= 0 AND discount_amount >= 0 AND amount_without_tax >= 0 AND tax_amount >= 0
          AND shipping_and_handling >= 0 AND amount >= 0 AND amount_paid >= 0 AND balance >= 0),
        CONSTRAINT invoice_balance_is_amount_minus_paid CHECK (balance = amount - amount_paid)
      );
      CREATE INDEX invoice_status_due_idx ON invoice (tenant_id, status, due_date, id);
      CREATE INDEX invoice_customer_status_idx ON invoice (tenant_id, customer_id, status);
      CREATE INDEX invoice_invoice_date_idx ON invoice (tenant_id, invoice_date, id);
      CREATE INDEX invoice_due_date_idx ON invoice (tenant_id, due_date, id);
      CREATE INDEX invoice_created_date_idx ON invoice (tenant_id, created_date, id);
      CREATE INDEX invoice_payment_status_idx ON invoice (tenant_id, payment_status);
      CREATE INDEX invoice_external_id_idx ON invoice (tenant_id, external_id) WHERE external_id IS NOT NULL;
      CREATE INDEX invoice_order_id_idx ON invoice (tenant_id, order_id) WHERE order_id IS NOT NULL;
      -- The activation scheduler scans only what is due.
      CREATE INDEX invoice_pending_activation_idx ON invoice (activate_on) WHERE status = 'PENDING_ACTIVATION';

      CREATE TABLE invoice_line_item (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        line_number integer NOT NULL,
        product_code text,
        description text NOT NULL,
        quantity numeric NOT NULL,
        unit_price numeric NOT NULL,
        discount_amount numeric NOT NULL DEFAULT 0,
        tax_amount numeric NOT NULL DEFAULT 0,
        amount numeric NOT NULL,
        start_date date,
        end_date date,
        PRIMARY KEY (tenant_id, id),
        UNIQUE (tenant_id, invoice_id, line_number),
        FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id) ON DELETE CASCADE,
        CHECK (discount_amount >= 0 AND tax_amount >= 0 AND amount >= 0)
      );

      CREATE TABLE invoice_comment (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        comment text NOT NULL,
        create_time timestamptz NOT NULL DEFAULT now(),
        author_id uuid,
        author_name text,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX invoice_comment_invoice_idx ON invoice_comment (tenant_id, invoice_id, create_time);

      CREATE TABLE invoice_history (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        action text NOT NULL,
        from_status text,
        to_status text,
        actor_id uuid,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        comment text,
        changes jsonb,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id) ON DELETE CASCADE
      );
      CREATE INDEX invoice_history_invoice_idx ON invoice_history (tenant_id, invoice_id, created_at);

      CREATE TABLE payment (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        amount numeric NOT NULL CHECK (amount > 0),
        currency text NOT NULL,
        method text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','COMPLETED','FAILED')),
        received_date date,
        reference_number text,
        notes text,
        payment_profile_id text,
        card_brand text,
        card_last4 text,
        failure_reason text,
        refunded_amount numeric NOT NULL DEFAULT 0,
        created_date timestamptz NOT NULL DEFAULT now(),
        created_by_id uuid,
        completed_at timestamptz,
        failed_at timestamptz,
        PRIMARY KEY (tenant_id, id),
        -- Payment history keeps an invoice from being deleted: no cascade here.
        FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id),
        CHECK (refunded_amount >= 0 AND refunded_amount <= amount)
      );
      CREATE INDEX payment_invoice_idx ON payment (tenant_id, invoice_id, created_date);

      CREATE TABLE refund (
        tenant_id uuid NOT NULL,
        id uuid NOT NULL,
        payment_id uuid NOT NULL,
        invoice_id uuid NOT NULL,
        amount numeric NOT NULL CHECK (amount > 0),
        reference_number text,
        reason text,
        created_date timestamptz NOT NULL DEFAULT now(),
        created_by_id uuid,
        PRIMARY KEY (tenant_id, id),
        FOREIGN KEY (tenant_id, payment_id) REFERENCES payment(tenant_id, id),
        FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
      );
      CREATE INDEX refund_payment_idx ON refund (tenant_id, payment_id, created_date);
      CREATE INDEX refund_invoice_idx ON refund (tenant_id, invoice_id);

      CREATE TABLE idempotency_key (
        tenant_id uuid NOT NULL REFERENCES tenant(id) ON DELETE CASCADE,
        key text NOT NULL,
        operation text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('IN_PROGRESS','DONE')),
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (tenant_id, key)
      );
      CREATE INDEX idempotency_key_expires_idx ON idempotency_key (expires_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS idempotency_key, refund, payment, invoice_history, invoice_comment,
        invoice_line_item, invoice, invoice_number_sequence, contact, customer, api_key, tenant CASCADE;
    `);
  }
}
