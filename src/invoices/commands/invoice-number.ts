import { EntityManager } from 'typeorm';

export const formatInvoiceNumber = (n: number | string) => `INV-${String(n).padStart(8, '0')}`;

/**
 * The tenant's next `count` numbers, INV-00000001 style, in order. The counter row is
 * row-locked by the UPDATE until the creating transaction ends, so numbers are gapless (a
 * rollback, or a rollback to the caller's savepoint, returns them) and creates of one tenant
 * take numbers one batch at a time. Numbers already taken by an import are skipped: they are in
 * use, so the sequence of used numbers stays without holes. Two statements per batch (advance
 * the counter by `count`, look for taken candidates), more only when imports took some.
 */
export async function nextInvoiceNumbers(m: EntityManager, tenantId: string, count: number): Promise<string[]> {
  const numbers: string[] = [];
  while (numbers.length < count) {
    const wanted = count - numbers.length;
    const [row]: Array<{ last_value: string }> = await m.query(
      `INSERT INTO invoice_number_sequence (tenant_id, last_value) VALUES ($1, $2)
       ON CONFLICT (tenant_id) DO UPDATE SET last_value = invoice_number_sequence.last_value + $2
       RETURNING last_value`,
      [tenantId, wanted],
    );
    const last = Number(row.last_value);
    const candidates = Array.from({ length: wanted }, (_, k) => formatInvoiceNumber(last - wanted + 1 + k));
    const taken: Array<{ invoice_number: string }> = await m.query(
      'SELECT invoice_number FROM invoice WHERE tenant_id = $1 AND invoice_number = ANY($2::text[])',
      [tenantId, candidates],
    );
    const used = new Set(taken.map((t) => t.invoice_number));
    numbers.push(...candidates.filter((c) => !used.has(c)));
  }
  return numbers;
}
