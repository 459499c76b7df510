import type { DataSource } from 'typeorm';
import { badInput } from '../common/errors';
import { SqlParams } from '../db/sql-params';
import { caseFoldedSql, escapeLike, foldedLikeSql } from '../filters/compile-field-filter';
import { assertUuid, MAX_PAGE_SIZE, readInstances, readRows } from '../invoices/invoice-row';
import type { Contact } from './contact.entity';
import { Customer } from './customer.entity';

/** Columns with their property names as aliases: rows come back Customer-shaped. */
const CUSTOMER_SELECT = `c.tenant_id AS "tenantId", c.id, c.customer_number AS "customerNumber",
  c.company_name AS "companyName", c.company_email AS "companyEmail", c.company_phone AS "companyPhone",
  c.billing_address AS "billingAddress", c.shipping_address AS "shippingAddress", c.created_date AS "createdDate"`;

const CONTACT_SELECT = `k.tenant_id AS "tenantId", k.id, k.customer_id AS "customerId", k.first_name AS "firstName",
  k.last_name AS "lastName", k.email, k.phone, k.created_date AS "createdDate"`;

export interface CustomerListFilter {
  ids?: string[] | null;
  customerNumber?: string | null;
  companyNameContains?: string | null;
  companyEmail?: string | null;
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

  /** `customers(where, limit, offset)`, by company name then id. */
  async list(tenantId: string, filter: CustomerListFilter | null | undefined, limit: number, offset: number): Promise<Customer[]> {
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) throw badInput(`limit must be between 0 and ${MAX_PAGE_SIZE}, got ${limit}`, ['limit']);
    if (!Number.isInteger(offset) || offset < 0) throw badInput(`offset must be 0 or more, got ${offset}`, ['offset']);
    const params = new SqlParams();
    const parts = [`c.tenant_id = ${params.add(tenantId)}`];
    if (filter?.ids) {
      filter.ids.forEach((id, n) => assertUuid(id, ['where', 'ids', n]));
      parts.push(`c.id = ANY(${params.add(filter.ids)}::uuid[])`);
    }
    if (filter?.customerNumber != null) parts.push(`c.customer_number = ${params.add(filter.customerNumber)}`);
    if (filter?.companyEmail != null) parts.push(`${caseFoldedSql('c.company_email')} = ${caseFoldedSql(`${params.add(filter.companyEmail)}::text`)}`);
    if (filter?.companyNameContains != null) parts.push(foldedLikeSql('c.company_name', `${params.add(`%${escapeLike(filter.companyNameContains)}%`)}::text`));
    return readInstances(this.dataSource, {
      text: `SELECT ${CUSTOMER_SELECT} FROM customer c WHERE ${parts.join(' AND ')}
        ORDER BY lower(c.company_name), c.id LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`,
      values: params.values,
    }, Customer);
  }
}
