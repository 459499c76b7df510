import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DecimalScalar } from '../common/scalars';

@ObjectType({ simpleResolvers: true })
@Entity({ name: 'refund' })
export class Refund {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId: string;

  @Field(() => ID)
  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId: string;

  @Field(() => DecimalScalar)
  @Column({ type: 'numeric' })
  amount: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'reference_number', type: 'text', nullable: true })
  referenceNumber: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => Date)
  @Column({ name: 'created_date', type: 'timestamptz' })
  createdDate: Date;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;
}
