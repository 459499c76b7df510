import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A person at a customer; an invoice's bill-to contact. */
@ObjectType({ simpleResolvers: true })
@Entity({ name: 'contact' })
export class Contact {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'first_name', type: 'text', nullable: true })
  firstName: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'last_name', type: 'text', nullable: true })
  lastName: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Field(() => Date)
  @CreateDateColumn({ name: 'created_date', type: 'timestamptz' })
  createdDate: Date;

  @Field(() => Date)
  @Column({ name: 'last_modified_date', type: 'timestamptz' })
  lastModifiedDate: Date;

  @Field(() => Int, { description: 'Optimistic-concurrency version; send it back to updateContact to refuse stale writes.' })
  @Column({ type: 'integer' })
  version: number;
}
