import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { AddressType } from '../common/address.type';

@ObjectType({ description: 'The billed company (Nymble customer details; Nue customer/account).', simpleResolvers: true })
@Entity({ name: 'customer' })
export class Customer {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => String, { nullable: true, description: "The customer's id in another system (Nue's customer id, e.g. 001ks00000dvz1ayad); unique per tenant." })
  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'customer_number', type: 'text', nullable: true })
  customerNumber: string | null;

  @Field(() => String)
  @Column({ name: 'company_name', type: 'text' })
  companyName: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'company_email', type: 'text', nullable: true })
  companyEmail: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'company_phone', type: 'text', nullable: true })
  companyPhone: string | null;

  @Field(() => AddressType, { nullable: true })
  @Column({ name: 'billing_address', type: 'jsonb', nullable: true })
  billingAddress: AddressType | null;

  @Field(() => AddressType, { nullable: true })
  @Column({ name: 'shipping_address', type: 'jsonb', nullable: true })
  shippingAddress: AddressType | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_date', type: 'timestamptz' })
  createdDate: Date;

  @Field(() => Date)
  @Column({ name: 'last_modified_date', type: 'timestamptz' })
  lastModifiedDate: Date;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back to updateCustomer to refuse stale writes.' })
  @Column({ type: 'integer' })
  version: number;
}
