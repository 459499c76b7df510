import { AddressType } from '../customers/address.type';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { Invoice } from '../invoices/invoice.entity';
import { columns, embedded, keys, many, readType } from './registry';

const F = { filter: true } as const;

/** The page size of `Customer.invoices` when `limit` is not given. */
export const CUSTOMER_INVOICES_DEFAULT_LIMIT = 25;

export const CUSTOMER = readType(Customer, {
  alias: 'cu',
  fields: {
    ...columns(F, 'id', 'customerNumber', 'companyName', 'companyEmail', 'companyPhone', 'createdDate'),
    billingAddress: embedded(() => AddressType),
    shippingAddress: embedded(() => AddressType),
    contacts: many(() => Contact, 'customerId', ['createdDate', 'id'], { declare: { type: () => [Contact] } }),
    // Declared with its where/orderBy/limit arguments by src/read/read-fields.resolver.ts.
    invoices: many(() => Invoice, 'customerId', [], { list: { defaultLimit: CUSTOMER_INVOICES_DEFAULT_LIMIT } }),
  },
});

export const CONTACT = readType(Contact, {
  alias: 'co',
  fields: columns({}, 'id', 'customerId', 'firstName', 'lastName', 'email', 'phone'),
});

readType(AddressType, { name: 'Address', fields: keys('street', 'city', 'state', 'postalCode', 'country') });
