import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../../common/errors';
import { isUuid } from '../../common/uuid';
import type { Actor } from '../../invoices/commands/actor';
import { idempotentTransaction } from '../../invoices/commands/idempotent-transaction';
import { inTransaction } from '../../invoices/commands/transaction';
import { validationFailed } from '../../invoices/commands/validation';
import { entityColumns } from '../../common/entity-columns';
import { Contact } from '../contact.entity';
import { CustomerHistoryAction, writeCustomerHistory } from '../customer-history';
import { Customer } from '../customer.entity';
import type { CreateContactInput, UpdateContactInput } from '../inputs/contact.input';
import type { CreateCustomerInput, UpdateCustomerInput } from '../inputs/customer.input';

type Path = ReadonlyArray<string | number>;

/** Writable fields: property -> [column, stored as jsonb]. */
const CUSTOMER_COLUMNS: Record<string, [string, boolean]> = {
  externalId: ['external_id', false], customerNumber: ['customer_number', false], companyName: ['company_name', false],
  companyEmail: ['company_email', false], companyPhone: ['company_phone', false],
  billingAddress: ['billing_address', true], shippingAddress: ['shipping_address', true],
};
const CONTACT_COLUMNS: Record<string, [string, boolean]> = {
  firstName: ['first_name', false], lastName: ['last_name', false], email: ['email', false], phone: ['phone', false],
};
/** Unique constraints of the customer table -> the input field they are about. */
const UNIQUE_FIELDS: Record<string, string> = { customer_external_id_uq: 'externalId', customer_number_uq: 'customerNumber' };

/** A plain copy of the given fields (class instances of nested inputs become plain JSON). */
function given(input: object, columns: Record<string, [string, boolean]>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.keys(columns)) {
    const value = (input as Record<string, unknown>)[field];
    if (value !== undefined) out[field] = value === null ? null : JSON.parse(JSON.stringify(value));
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function duplicate(error: unknown, path: Path, values: Record<string, unknown>): never {
  const e = error as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const constraint = e.driverError?.constraint ?? e.constraint ?? '';
  const field = UNIQUE_FIELDS[constraint];
  if ((e.driverError?.code ?? e.code) === '23505' && field) {
    throw new AppError('DUPLICATE_CUSTOMER', `Another customer already has ${field} ${JSON.stringify(values[field])}.`, { path: [...path, field], field });
  }
  throw error;
}

const customerNotFound = (id: string, path: Path) => new AppError('CUSTOMER_NOT_FOUND', `Customer ${id} was not found`, { path, customerId: id });
const contactNotFound = (id: string, path: Path) => new AppError('CONTACT_NOT_FOUND', `Contact ${id} was not found`, { path, contactId: id });

function staleVersion(kind: string, id: string, current: number, expected: number): AppError {
  return new AppError('VERSION_CONFLICT', `${kind} ${id} is at version ${current}, not ${expected}; reload and retry`, {
    [`${kind.toLowerCase()}Id`]: id, expectedVersion: expected, currentVersion: current,
  });
}

/**
 * createCustomer / updateCustomer / createContact / updateContact: each one transaction, scoped to
 * the actor's tenant, with a customer history entry. Creations are idempotent with a key (like
 * every creating mutation); updates change only the fields given, refuse a stale `version`
 * (compared under the row lock, and the UPDATE is conditioned on it), and are a no-op that keeps
 * the version when nothing changes.
 */
export class CustomerCommandService {
  constructor(private readonly ds: DataSource) {}

  createCustomer(actor: Actor, input: CreateCustomerInput, idempotencyKey?: string): Promise<Customer> {
    const fields = given(input, CUSTOMER_COLUMNS);
    return idempotentTransaction(this.ds, { tenantId: actor.tenantId, idempotencyKey, operation: 'createCustomer', args: { input: fields } }, async (m) => {
      const id = randomUUID();
      const names = Object.keys(fields);
      await m.query(
        `INSERT INTO customer (tenant_id, id${names.map((f) => `, ${CUSTOMER_COLUMNS[f][0]}`).join('')})
         VALUES ($1, $2${names.map((_, i) => `, $${i + 3}`).join('')})`,
        [actor.tenantId, id, ...names.map((f) => stored(CUSTOMER_COLUMNS[f], fields[f]))],
      ).catch((error: unknown) => duplicate(error, ['input'], fields));
      await writeCustomerHistory(m, { tenantId: actor.tenantId, customerId: id, action: CustomerHistoryAction.CREATE_CUSTOMER, actorId: actor.apiKeyId, changes: fields });
      return (await this.customerRow(m, actor.tenantId, id))!;
    });
  }

  updateCustomer(actor: Actor, id: string, input: UpdateCustomerInput, version?: number | null): Promise<Customer> {
    if (!isUuid(id)) throw customerNotFound(id, ['id']);
    const fields = given(input, CUSTOMER_COLUMNS);
    if (fields.companyName === null) throw validationFailed([{ path: ['input', 'companyName'], message: 'a customer needs a company name' }]);
    return inTransaction(this.ds, async (m) => {
      const current = await this.customerRow(m, actor.tenantId, id, true);
      if (!current) throw customerNotFound(id, ['id']);
      if (version != null && version !== current.version) throw staleVersion('Customer', id, current.version, version);
      const changes = this.changes(current as unknown as Record<string, unknown>, fields);
      if (!changes) return current;
      await this.update(m, 'customer', CUSTOMER_COLUMNS, actor.tenantId, id, current.version, changes)
        .catch((error: unknown) => duplicate(error, ['input'], fields));
      await writeCustomerHistory(m, { tenantId: actor.tenantId, customerId: id, action: CustomerHistoryAction.UPDATE_CUSTOMER, actorId: actor.apiKeyId, changes });
      return (await this.customerRow(m, actor.tenantId, id))!;
    });
  }

  createContact(actor: Actor, input: CreateContactInput, idempotencyKey?: string): Promise<Contact> {
    const fields = given(input, CONTACT_COLUMNS);
    if (fields.firstName == null && fields.lastName == null && fields.email == null) {
      throw validationFailed([{ path: ['input', 'lastName'], message: 'a contact needs a name or an email' }]);
    }
    const args = { input: { customerId: input.customerId.toLowerCase(), ...fields } };
    return idempotentTransaction(this.ds, { tenantId: actor.tenantId, idempotencyKey, operation: 'createContact', args }, async (m) => {
      // The customer row is locked: its history and a concurrent update stay in order.
      const [customer] = await m.query('SELECT id FROM customer WHERE tenant_id = $1 AND id = $2 FOR UPDATE', [actor.tenantId, input.customerId]);
      if (!customer) throw customerNotFound(input.customerId, ['input', 'customerId']);
      const id = randomUUID();
      const names = Object.keys(fields);
      await m.query(
        `INSERT INTO contact (tenant_id, id, customer_id${names.map((f) => `, ${CONTACT_COLUMNS[f][0]}`).join('')})
         VALUES ($1, $2, $3${names.map((_, i) => `, $${i + 4}`).join('')})`,
        [actor.tenantId, id, customer.id, ...names.map((f) => stored(CONTACT_COLUMNS[f], fields[f]))],
      );
      await writeCustomerHistory(m, {
        tenantId: actor.tenantId, customerId: customer.id, contactId: id, action: CustomerHistoryAction.CREATE_CONTACT, actorId: actor.apiKeyId, changes: fields,
      });
      return (await this.contactRow(m, actor.tenantId, id))!;
    });
  }

  updateContact(actor: Actor, id: string, input: UpdateContactInput, version?: number | null): Promise<Contact> {
    if (!isUuid(id)) throw contactNotFound(id, ['id']);
    const fields = given(input, CONTACT_COLUMNS);
    return inTransaction(this.ds, async (m) => {
      const current = await this.contactRow(m, actor.tenantId, id, true);
      if (!current) throw contactNotFound(id, ['id']);
      if (version != null && version !== current.version) throw staleVersion('Contact', id, current.version, version);
      const changes = this.changes(current as unknown as Record<string, unknown>, fields);
      if (!changes) return current;
      const next = { ...current, ...fields };
      if (next.firstName == null && next.lastName == null && next.email == null) {
        throw validationFailed([{ path: ['input', 'lastName'], message: 'a contact needs a name or an email' }]);
      }
      await this.update(m, 'contact', CONTACT_COLUMNS, actor.tenantId, id, current.version, changes);
      await writeCustomerHistory(m, {
        tenantId: actor.tenantId, customerId: current.customerId, contactId: id, action: CustomerHistoryAction.UPDATE_CONTACT, actorId: actor.apiKeyId, changes,
      });
      return (await this.contactRow(m, actor.tenantId, id))!;
    });
  }

  /** The given fields that differ from the row, as {field: {from, to}}; null when none does. */
  private changes(row: Record<string, unknown>, fields: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> | null {
    const out: Record<string, { from: unknown; to: unknown }> = {};
    for (const [field, value] of Object.entries(fields)) if (!same(row[field], value)) out[field] = { from: row[field] ?? null, to: value };
    return Object.keys(out).length ? out : null;
  }

  private async update(
    m: EntityManager, table: 'customer' | 'contact', columns: Record<string, [string, boolean]>, tenantId: string, id: string, version: number,
    changes: Record<string, { to: unknown }>,
  ): Promise<void> {
    const names = Object.keys(changes);
    // TypeORM answers an UPDATE with [rows, rowCount].
    const [rows]: [unknown[], number] = await m.query(
      `UPDATE ${table} SET ${names.map((f, i) => `${columns[f][0]} = $${i + 4}`).join(', ')}, version = version + 1, last_modified_date = now()
       WHERE tenant_id = $1 AND id = $2 AND version = $3 RETURNING id`,
      [tenantId, id, version, ...names.map((f) => stored(columns[f], changes[f].to))],
    );
    if (rows.length !== 1) throw new AppError('VERSION_CONFLICT', `${table === 'customer' ? 'Customer' : 'Contact'} ${id} changed concurrently; reload and retry`);
  }

  private async customerRow(m: EntityManager, tenantId: string, id: string, lock = false): Promise<Customer | undefined> {
    const [row] = await m.query(`SELECT ${entityColumns(Customer, 'c')} FROM customer c WHERE c.tenant_id = $1 AND c.id = $2${lock ? ' FOR UPDATE' : ''}`, [tenantId, id]);
    return row;
  }

  private async contactRow(m: EntityManager, tenantId: string, id: string, lock = false): Promise<Contact | undefined> {
    const [row] = await m.query(`SELECT ${entityColumns(Contact, 'k')} FROM contact k WHERE k.tenant_id = $1 AND k.id = $2${lock ? ' FOR UPDATE' : ''}`, [tenantId, id]);
    return row;
  }
}

function stored([, json]: [string, boolean], value: unknown): unknown {
  return json && value != null ? JSON.stringify(value) : value;
}
