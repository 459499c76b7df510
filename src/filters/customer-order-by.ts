import { Field, InputType, registerEnumType } from 'type-graphql';
import { badInput } from '../common/errors';
import { NullsOrder, orderBySql, SortDirection, SortKey } from './invoice-order-by';

/**
 * Ordering of the `customers` list, as for invoices: a list of {field, direction, nulls}
 * completed by the id as the last key. Company names sort case-insensitively (lower(), which the
 * (tenant_id, lower(company_name)) index serves). No orderBy: companyName then id.
 */
export enum CustomerSortField {
  id = 'id', externalId = 'externalId', customerNumber = 'customerNumber', companyName = 'companyName',
  companyEmail = 'companyEmail', createdDate = 'createdDate', lastModifiedDate = 'lastModifiedDate',
}
registerEnumType(CustomerSortField, { name: 'CustomerSortField', description: 'Customer fields usable in orderBy.' });

@InputType({ description: 'One sort key of the customers list; the list is completed by the id as a tie-break.' })
export class CustomerOrderByInput {
  @Field(() => CustomerSortField) field: CustomerSortField;
  @Field(() => SortDirection, { nullable: true, defaultValue: SortDirection.ASC }) direction?: SortDirection | null;
  @Field(() => NullsOrder, { nullable: true, description: 'Default LAST.' }) nulls?: NullsOrder | null;
}

const KEYS: Record<CustomerSortField, { expr: (a: string) => string; type: string; nullable: boolean }> = {
  id: { expr: (a) => `${a}.id`, type: 'uuid', nullable: false },
  externalId: { expr: (a) => `${a}.external_id`, type: 'text', nullable: true },
  customerNumber: { expr: (a) => `${a}.customer_number`, type: 'text', nullable: true },
  companyName: { expr: (a) => `lower(${a}.company_name)`, type: 'text', nullable: false },
  companyEmail: { expr: (a) => `${a}.company_email`, type: 'text', nullable: true },
  createdDate: { expr: (a) => `${a}.created_date`, type: 'timestamptz', nullable: false },
  lastModifiedDate: { expr: (a) => `${a}.last_modified_date`, type: 'timestamptz', nullable: false },
};

/** The ORDER BY list (without the keywords) of `customers`, ending with the id tie-break. */
export function compileCustomerOrderBy(orderBy: ReadonlyArray<CustomerOrderByInput> | null | undefined, alias = 'c', path: ReadonlyArray<string | number> = ['orderBy']): string {
  const list = orderBy && orderBy.length ? orderBy : [{ field: CustomerSortField.companyName, direction: SortDirection.ASC }];
  const keys: SortKey[] = [];
  list.forEach((o, index) => {
    const key = o && Object.prototype.hasOwnProperty.call(KEYS, o.field) ? KEYS[o.field] : undefined;
    if (!key) throw badInput(`Cannot order customers by ${JSON.stringify(o?.field)}`, [...path, index, 'field']);
    const direction = o.direction ?? SortDirection.ASC;
    const nulls = o.nulls ?? NullsOrder.LAST;
    if (keys.some((k) => k.field === o.field)) return;
    keys.push({ field: o.field, expr: key.expr(alias), type: key.type, direction, nulls, nullable: key.nullable });
  });
  if (!keys.some((k) => k.field === 'id')) {
    keys.push({ field: 'id', expr: `${alias}.id`, type: 'uuid', direction: keys[keys.length - 1].direction, nulls: NullsOrder.LAST, nullable: false });
  }
  return orderBySql(keys);
}
