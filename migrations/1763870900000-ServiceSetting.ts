import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Service-wide settings that every process must agree on, e.g. the generated secret that signs
 * invoice PDF links when PDF_SIGNING_SECRET is not configured (all workers and machines sign
 * and verify with the same one). Not tenant data: it belongs to the deployment.
 */
export class ServiceSetting1763870900000 implements MigrationInterface {
  name = 'ServiceSetting1763870900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_setting (
        name text PRIMARY KEY,
        value text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS service_setting');
  }
}
