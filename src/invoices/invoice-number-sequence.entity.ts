import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Per-tenant gapless invoice numbers: the counter row is incremented inside the creating
 * transaction, so a rolled-back create releases its number instead of leaving a gap.
 */
@Entity({ name: 'invoice_number_sequence' })
export class InvoiceNumberSequence {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Column({ name: 'last_value', type: 'bigint', default: 0 })
  lastValue: string;
}
