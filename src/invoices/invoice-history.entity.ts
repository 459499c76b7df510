import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { JSONObjectScalar } from '../common/scalars';
import { InvoiceStatus } from './invoice-status';

/** An audit entry: every transition, edit and payment event of an invoice. */
@ObjectType({ simpleResolvers: true })
@Entity({ name: 'invoice_history' })
export class InvoiceHistory {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId: string;

  @Field(() => String, { description: 'create, update, activate, cancel, void, applyDiscount, recordPayment, refundPayment, ...' })
  @Column({ type: 'text' })
  action: string;

  @Field(() => InvoiceStatus, { nullable: true })
  @Column({ name: 'from_status', type: 'text', nullable: true })
  fromStatus: InvoiceStatus | null;

  @Field(() => InvoiceStatus, { nullable: true })
  @Column({ name: 'to_status', type: 'text', nullable: true })
  toStatus: InvoiceStatus | null;

  @Field(() => ID, { nullable: true, description: 'The API key id that acted (null for the scheduler).' })
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Field(() => Date)
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Changed fields as {field: {from, to}}, or event details.' })
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, unknown> | null;
}
