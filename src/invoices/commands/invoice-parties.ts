import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppError } from '../../common/errors';
import { InvoiceCustomerInput } from '../inputs/invoice-customer.input';

type Path = ReadonlyArray<string | number>;

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
    const [row] = await m.query('SELECT id FROM customer WHERE tenant_id = $1 AND id = $2', [tenantId, input.customerId]);
    if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `Customer ${input.customerId} was not found`, { path: [...path, 'customerId'] });
    return row.id;
  }
  if (input.customerExternalId) {
    const [row] = await m.query('SELECT id FROM customer WHERE tenant_id = $1 AND external_id = $2', [tenantId, input.customerExternalId]);
    if (!row) throw new AppError('CUSTOMER_NOT_FOUND', `No customer has externalId ${JSON.stringify(input.customerExternalId)}`, { path: [...path, 'customerExternalId'] });
    return row.id;
  }
  const c = input.customer!;
  const [row] = await m.query(
    `INSERT INTO customer (tenant_id, id, customer_number, company_name, company_email, company_phone, billing_address, shipping_address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (tenant_id, customer_number) WHERE customer_number IS NOT NULL DO UPDATE SET customer_number = EXCLUDED.customer_number
     RETURNING id`,
    [tenantId, randomUUID(), c.customerNumber, c.companyName, c.companyEmail ?? null, c.companyPhone ?? null,
      c.billingAddress ? JSON.stringify(c.billingAddress) : null, c.shippingAddress ? JSON.stringify(c.shippingAddress) : null],
  );
  return row.id;
}

/** How many of the ways to name the invoice's customer an input uses (exactly one is needed on create). */
export function customerReferences(input: { customerId?: string | null; customerExternalId?: string | null; customer?: unknown }): number {
  return [input.customerId, input.customerExternalId, input.customer].filter((v) => v != null).length;
}

/** A bill-to contact must be one of the customer's contacts. */
export async function resolveBillToContact(m: EntityManager, tenantId: string, customerId: string, contactId: string | null | undefined, path: Path): Promise<string | null> {
  if (!contactId) return null;
  const [row] = await m.query('SELECT id FROM contact WHERE tenant_id = $1 AND id = $2 AND customer_id = $3', [tenantId, contactId, customerId]);
  if (!row) throw new AppError('CONTACT_NOT_FOUND', `Contact ${contactId} was not found for customer ${customerId}`, { path });
  return row.id;
}
