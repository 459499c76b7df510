import { randomUUID } from 'node:crypto';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, EntityManager, PrimaryColumn } from 'typeorm';
import { JSONObjectScalar } from '../common/scalars';

export enum CustomerHistoryAction {
  CREATE_CUSTOMER = 'CREATE_CUSTOMER',
  UPDATE_CUSTOMER = 'UPDATE_CUSTOMER',
  CREATE_CONTACT = 'CREATE_CONTACT',
  UPDATE_CONTACT = 'UPDATE_CONTACT',
}
registerEnumType(CustomerHistoryAction, { name: 'CustomerHistoryAction', description: 'What a customer history entry records.' });

/** An audit entry of a customer: its creation and changes, and those of its contacts. */
@ObjectType({ simpleResolvers: true })
@Entity({ name: 'customer_history' })
export class CustomerHistoryEntry {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' })
  tenantId: string;

  @Field(() => ID)
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'customer_id', type: 'uuid' })
  customerId: string;

  @Field(() => CustomerHistoryAction)
  @Column({ type: 'text' })
  action: CustomerHistoryAction;

  @Field(() => ID, { nullable: true, description: 'The contact the entry is about (contact actions).' })
  @Column({ name: 'contact_id', type: 'uuid', nullable: true })
  contactId: string | null;

  @Field(() => ID, { nullable: true, description: 'The API key id that acted.' })
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Field(() => Date)
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => JSONObjectScalar, { nullable: true, description: 'Each changed field as {from, to}; on creation, the fields given.' })
  @Column({ type: 'jsonb', nullable: true })
  changes: Record<string, unknown> | null;
}

export interface CustomerHistoryWrite {
  tenantId: string;
  customerId: string;
  contactId?: string | null;
  action: CustomerHistoryAction;
  actorId: string | null;
  changes: Record<string, unknown> | null;
}

/** Appends one entry in the caller's transaction, so it commits or rolls back with the change. */
export async function writeCustomerHistory(m: EntityManager, entry: CustomerHistoryWrite): Promise<void> {
  await m.query(
    `INSERT INTO customer_history (tenant_id, id, customer_id, contact_id, action, actor_id, changes) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [entry.tenantId, randomUUID(), entry.customerId, entry.contactId ?? null, entry.action, entry.actorId, entry.changes ? JSON.stringify(entry.changes) : null],
  );
}
