import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DecimalScalar, LocalDateScalar } from '../common/scalars';

/** One line of an invoice; `amount` = quantity x unitPrice - discountAmount, rounded to the currency. */
@ObjectType({ simpleResolvers: true })
@Entity({ name: 'invoice_line_item' })
export class InvoiceLineItem {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId: string;

  @Field(() => Int)
  @Column({ name: 'line_number', type: 'integer' })
  lineNumber: number;

  @Field(() => String, { nullable: true })
  @Column({ name: 'product_code', type: 'text', nullable: true })
  productCode: string | null;

  @Field(() => String)
  @Column({ type: 'text' })
  description: string;

  @Field(() => DecimalScalar)
  @Column({ type: 'numeric' })
  quantity: string;

  @Field(() => DecimalScalar)
  @Column({ name: 'unit_price', type: 'numeric' })
  unitPrice: string;

  @Field(() => DecimalScalar, { description: 'Line-level discount in money (not affected by removeDiscount).' })
  @Column({ name: 'discount_amount', type: 'numeric' })
  discountAmount: string;

  @Field(() => DecimalScalar)
  @Column({ name: 'tax_amount', type: 'numeric' })
  taxAmount: string;

  @Field(() => DecimalScalar)
  @Column({ type: 'numeric' })
  amount: string;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Field(() => LocalDateScalar, { nullable: true })
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;
}
