import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors';
import { InvoiceCustomerInput } from '../inputs/invoice-customer.input';

type Path = ReadonlyArray<string | number>;

/** What a batch of invoice inputs names: customer ids, customer externalIds, customer numbers and contact ids. */
export interface PartyRefs {
  customerIds: Iterable<string>;
  /** A customer's id in another system (Nue's customerId): data from Nue names customers by it. */
  customerExternalIds?: Iterable<string>;
  customerNumbers: Iterable<string>;
  contactIds: Iterable<string>;
}

/** The named parties that exist in the tenant, found with one statement per kind. */
export interface KnownParties {
  customerIds: Set<string>;
  /** customerNumber -> customer id */
  customersByNumber: Map<string, string>;
  /** externalId -> customer id */
  customersByExternalId: Map<string, string>;
  /** contact id -> its customer's id */
  contactCustomer: Map<string, string>;
}

export async function findParties(m: EntityManager, tenantId: string, refs: PartyRefs): Promise<KnownParties> {
  const ids = [...new Set(refs.customerIds)];
  const numbers = [...new Set(refs.customerNumbers)];
  const externalIds = [...new Set(refs.customerExternalIds ?? [])];
  const contacts = [...new Set(refs.contactIds)];
  const known: KnownParties = { customerIds: new Set(), customersByNumber: new Map(), customersByExternalId: new Map(), contactCustomer: new Map() };
  if (ids.length || numbers.length || externalIds.length) {
    const rows: Array<{ id: string; customer_number: string | null; external_id: string | null }> = await m.query(
      `SELECT id, customer_number, external_id FROM customer
       WHERE tenant_id = $1 AND (id = ANY($2::uuid[]) OR customer_number = ANY($3::text[]) OR external_id = ANY($4::text[]))`,
      [tenantId, ids, numbers, externalIds],
    );
    for (const r of rows) {
      known.customerIds.add(r.id);
      if (r.customer_number != null) known.customersByNumber.set(r.customer_number, r.id);
      if (r.external_id != null) known.customersByExternalId.set(r.external_id, r.id);
    }
  }
  if (contacts.length) {
    const rows: Array<{ id: string; customer_id: string }> = await m.query(
      'SELECT id, customer_id FROM contact WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, contacts],
    );
    for (const r of rows) known.contactCustomer.set(r.id, r.customer_id);
  }
  return known;
}

/**
 * Customers matched by customerNumber within the tenant, created when new, in one statement:
 * customerNumber -> id. Details of an existing customer are left as they are. Rows are written
 * in customerNumber order, so two imports naming the same new customers cannot deadlock.
 */
export async function upsertCustomers(m: EntityManager, tenantId: string, customers: InvoiceCustomerInput[]): Promise<Map<string, string>> {
  const unique = new Map<string, InvoiceCustomerInput>();
  for (const c of customers) if (!unique.has(c.customerNumber)) unique.set(c.customerNumber, c);
  if (unique.size === 0) return new Map();
  const rows = [...unique.values()]
    .sort((a, b) => (a.customerNumber < b.customerNumber ? -1 : a.customerNumber > b.customerNumber ? 1 : 0))
    .map((c) => ({
      id: randomUUID(), customer_number: c.customerNumber, company_name: c.companyName, company_email: c.companyEmail ?? null,
      company_phone: c.companyPhone ?? null, billing_address: c.billingAddress ?? null, shipping_address: c.shippingAddress ?? null,
    }));
  const saved: Array<{ id: string; customer_number: string }> = await m.query(
    `INSERT INTO customer (tenant_id, id, customer_number, company_name, company_email, company_phone, billing_address, shipping_address)
     SELECT $1, r.id, r.customer_number, r.company_name, r.company_email, r.company_phone, r.billing_address, r.shipping_address
     FROM json_to_recordset($2::json) AS r(id uuid, customer_number text, company_name text, company_email text, company_phone text,
       billing_address jsonb, shipping_address jsonb)
     ON CONFLICT (tenant_id, customer_number) WHERE customer_number IS NOT NULL DO UPDATE SET customer_number = EXCLUDED.customer_number
     RETURNING id, customer_number`,
    [tenantId, JSON.stringify(rows)],
  );
  return new Map(saved.map((r) => [r.customer_number, r.id]));
}

/**
 * The invoice's customer: `customerId` must exist in the tenant, as must `customerExternalId`
 * (a customer's externalId: data from Nue names customers by Nue's ids); `customer` details are
 * matched by customerNumber (created when new, so an import is one call).
 */
export async function resolveCustomer(
  m: EntityManager,
  tenantId: string,
  input: { customerId?: string | null; customerExternalId?: string | null; customer?: InvoiceCustomerInput | null },
  path: Path,
): Promise<string> {
  if (input.customerId) {
    const known = await findParties(m, tenantId, { customerIds: [input.customerId], customerNumbers: [], contactIds: [] });
    if (!known.customerIds.has(input.customerId)) throw customerNotFound(input.customerId, [...path, 'customerId']);
    return input.customerId;
  }
  if (input.customerExternalId) {
    const known = await findParties(m, tenantId, { customerIds: [], customerExternalIds: [input.customerExternalId], customerNumbers: [], contactIds: [] });
    const id = known.customersByExternalId.get(input.customerExternalId);
    if (!id) throw customerExternalIdNotFound(input.customerExternalId, [...path, 'customerExternalId']);
    return id;
  }
  const c = input.customer!;
  return (await upsertCustomers(m, tenantId, [c])).get(c.customerNumber)!;
}

/** How many of the ways to name the invoice's customer an input uses (exactly one is needed on create). */
export function customerReferences(input: { customerId?: string | null; customerExternalId?: string | null; customer?: unknown }): number {
  return [input.customerId, input.customerExternalId, input.customer].filter((v) => v != null).length;
}

/** A bill-to contact must be one of the customer's contacts. */
export async function resolveBillToContact(m: EntityManager, tenantId: string, customerId: string, contactId: string | null | undefined, path: Path): Promise<string | null> {
  if (!contactId) return null;
  const known = await findParties(m, tenantId, { customerIds: [], customerNumbers: [], contactIds: [contactId] });
  if (known.contactCustomer.get(contactId) !== customerId) throw contactNotFound(contactId, customerId, path);
  return contactId;
}

export const customerNotFound = (customerId: string, path: Path) =>
  new AppError('CUSTOMER_NOT_FOUND', `Customer ${customerId} was not found`, { path });

export const customerExternalIdNotFound = (externalId: string, path: Path) =>
  new AppError('CUSTOMER_NOT_FOUND', `No customer has externalId ${JSON.stringify(externalId)}`, { path });

export const contactNotFound = (contactId: string, customerId: string | null, path: Path) =>
  new AppError('CONTACT_NOT_FOUND', `Contact ${contactId} was not found${customerId ? ` for customer ${customerId}` : ''}`, { path });
