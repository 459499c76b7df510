import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DecimalScalar, LocalDateScalar } from '../common/scalars';
import { PaymentMethod, PaymentRecordStatus } from '../lifecycle/payment-enums';

/** A payment on the ledger. Only COMPLETED payments (minus their refunds) reduce the balance. */
@ObjectType({ simpleResolvers: true })
@Entity({ name: 'payment' })
export class Payment {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId: string;

  @Field(() => DecimalScalar)
  @Column({ type: 'numeric' })
  amount: string;

  @Field(() => String)
  @Column({ type: 'text' })
  currency: string;

  @Field(() => PaymentMethod)
  @Column({ type: 'text' })
  method: PaymentMethod;

  @Field(() => PaymentRecordStatus)
  @Column({ type: 'text' })
  status: PaymentRecordStatus;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'received_date', type: 'date', nullable: true })
  receivedDate: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'reference_number', type: 'text', nullable: true })
  referenceNumber: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'payment_profile_id', type: 'text', nullable: true })
  paymentProfileId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'card_brand', type: 'text', nullable: true })
  cardBrand: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'card_last4', type: 'text', nullable: true })
  cardLast4: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'failure_reason', type: 'text', nullable: true })
  failureReason: string | null;

  @Field(() => DecimalScalar, { description: 'Sum of this payment\'s refunds.' })
  @Column({ name: 'refunded_amount', type: 'numeric', default: 0 })
  refundedAmount: string;

  @Field(() => Date)
  @Column({ name: 'created_date', type: 'timestamptz' })
  createdDate: Date;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt: Date | null;
}
