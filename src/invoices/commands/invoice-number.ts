import { EntityManager } from 'typeorm';

export const formatInvoiceNumber = (n: number | string) => `INV-${String(n).padStart(8, '0')}`;

/**
 * The tenant's next number, INV-00000001 style. The counter row is row-locked by the
 * UPDATE until the creating transaction ends, so numbers are gapless (a rollback returns its
 * number) and creates of one tenant take numbers one at a time. A number already taken by an
 * import is skipped: it is in use, so the sequence of used numbers stays without holes.
 */
export async function nextInvoiceNumber(m: EntityManager, tenantId: string): Promise<string> {
  for (;;) {
    const [row]: Array<{ last_value: string }> = await m.query(
      `INSERT INTO invoice_number_sequence (tenant_id, last_value) VALUES ($1, 1)
       ON CONFLICT (tenant_id) DO UPDATE SET last_value = invoice_number_sequence.last_value + 1
       RETURNING last_value`,
      [tenantId],
    );
    const candidate = formatInvoiceNumber(row.last_value);
    const [taken] = await m.query('SELECT 1 FROM invoice WHERE tenant_id = $1 AND invoice_number = $2', [tenantId, candidate]);
    if (!taken) return candidate;
  }
}
