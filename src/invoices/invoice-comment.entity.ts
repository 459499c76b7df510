import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Nue's invoiceComment: free text attached to an invoice, often with an activation or cancellation. */
@ObjectType({ simpleResolvers: true })
@Entity({ name: 'invoice_comment' })
export class InvoiceComment {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Field(() => ID)
  @Column({ name: 'invoice_id', type: 'uuid' })
  invoiceId: string;

  @Field(() => String)
  @Column({ type: 'text' })
  comment: string;

  @Field(() => Date)
  @Column({ name: 'create_time', type: 'timestamptz' })
  createTime: Date;

  @Field(() => ID, { nullable: true, description: 'The API key that wrote it.' })
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'author_name', type: 'text', nullable: true })
  authorName: string | null;
}
