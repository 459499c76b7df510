import type { DataSource } from 'typeorm';
import { badInput } from '../common/errors';
import { SqlParams } from '../db/sql-params';
import { compileCustomerWhere } from '../filters/compile-invoice-where';
import { compileCustomerOrderBy, CustomerOrderByInput } from '../filters/customer-order-by';
import type { CustomerWhereInput } from '../filters/customer-where.input';
import { MAX_PAGE_SIZE, readInstances, readRows } from '../invoices/invoice-row';
import type { Contact } from './contact.entity';
import { CustomerHistoryEntry, HISTORY_SELECT } from './customer-history';
import { Customer } from './customer.entity';

/** Columns with their property names as aliases: rows come back Customer-shaped. */
export const CUSTOMER_SELECT = `c.tenant_id AS "tenantId", c.id, c.external_id AS "externalId", c.customer_number AS "customerNumber",
  c.company_name AS "companyName", c.company_email AS "companyEmail", c.company_phone AS "companyPhone",
  c.billing_address AS "billingAddress", c.shipping_address AS "shippingAddress", c.created_date AS "createdDate",
  c.last_modified_date AS "lastModifiedDate", c.version`;

export const CONTACT_SELECT = `k.tenant_id AS "tenantId", k.id, k.customer_id AS "customerId", k.first_name AS "firstName",
  k.last_name AS "lastName", k.email, k.phone, k.created_date AS "createdDate", k.last_modified_date AS "lastModifiedDate", k.version`;

/** The old `customers(where:)` shape, kept as the deprecated `filter` argument (see customerListFilterToWhere). */
export interface CustomerListFilter {
  ids?: string[] | null;
  customerNumber?: string | null;
  companyNameContains?: string | null;
  companyEmail?: string | null;
}

/**
 * The deprecated filter as a CustomerWhereInput, for the one compiler: `ids` -> id in,
 * `customerNumber` -> eq, `companyNameContains` -> contains, `companyEmail` (case-insensitive) ->
 * eqIgnoreCase. Null when it names nothing.
 */
export function customerListFilterToWhere(filter: CustomerListFilter | null | undefined): CustomerWhereInput | null {
  if (!filter) return null;
  const where: CustomerWhereInput = {};
  if (filter.ids != null) where.id = { in: filter.ids };
  if (filter.customerNumber != null) where.customerNumber = { eq: filter.customerNumber };
  if (filter.companyNameContains != null) where.companyName = { contains: filter.companyNameContains };
  if (filter.companyEmail != null) where.companyEmail = { eqIgnoreCase: filter.companyEmail };
  return Object.keys(where).length ? where : null;
}

/** Read side of customers and contacts: raw rows, tenant-scoped, batched by id for the loaders. */
export class CustomerQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async byIds(tenantId: string, ids: readonly string[]): Promise<Customer[]> {
    return readInstances(this.dataSource, {
      name: 'read.customersByIds',
      text: `SELECT ${CUSTOMER_SELECT} FROM customer c WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`,
      values: [tenantId, ids],
    }, Customer);
  }

  async contactsByIds(tenantId: string, ids: readonly string[]): Promise<Contact[]> {
    return readRows<Contact>(this.dataSource, {
      name: 'read.contactsByIds',
      text: `SELECT ${CONTACT_SELECT} FROM contact k WHERE k.tenant_id = $1 AND k.id = ANY($2::uuid[])`,
      values: [tenantId, ids],
    });
  }

  async contactsOfCustomers(tenantId: string, customerIds: readonly string[]): Promise<Contact[]> {
    return readRows<Contact>(this.dataSource, {
      name: 'read.contactsOfCustomers',
      text: `SELECT ${CONTACT_SELECT} FROM contact k WHERE k.tenant_id = $1 AND k.customer_id = ANY($2::uuid[])
        ORDER BY k.customer_id, k.created_date, k.id`,
      values: [tenantId, customerIds],
    });
  }

  /**
   * `customers(where, orderBy, limit, offset)`: `where` compiled by the one filter compiler
   * (src/filters), into one parameterized statement scoped to the tenant.
   */
  async list(
    tenantId: string,
    where: CustomerWhereInput | null | undefined,
    orderBy: CustomerOrderByInput[] | null | undefined,
    limit: number,
    offset: number,
    wherePath: ReadonlyArray<string | number> = ['where'],
  ): Promise<Customer[]> {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) throw badInput(`limit must be between 0 and ${MAX_PAGE_SIZE}, got ${limit}`, ['limit']);
    if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be 0 or more, got ${offset}`, ['offset']);
    const params = new SqlParams();
    const tenant = params.add(tenantId);
    const filter = compileCustomerWhere(where, params, 'c', wherePath);
    const order = compileCustomerOrderBy(orderBy);
    return readInstances(this.dataSource, {
      text: `SELECT ${CUSTOMER_SELECT} FROM customer c WHERE c.tenant_id = ${tenant} AND ${filter}
        ORDER BY ${order} LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`,
      values: params.values,
    }, Customer);
  }

  /** The history entries of many customers, oldest first. */
  async historyOf(tenantId: string, customerIds: readonly string[]): Promise<CustomerHistoryEntry[]> {
    return readRows<CustomerHistoryEntry>(this.dataSource, {
      name: 'read.customerHistory',
      text: `SELECT ${HISTORY_SELECT} FROM customer_history h WHERE h.tenant_id = $1 AND h.customer_id = ANY($2::uuid[])
        ORDER BY h.customer_id, h.created_at, h.id`,
      values: [tenantId, customerIds],
    });
  }
}
