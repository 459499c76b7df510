import { AddressType } from '../customers/address.type';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import { Invoice } from '../invoices/invoice.entity';
import { column, embedded, keys, many, readType } from './registry';

const F = { filter: true } as const;

/** The page size of `Customer.invoices` when `limit` is not given. */
export const CUSTOMER_INVOICES_DEFAULT_LIMIT = 25;

export const CUSTOMER = readType(Customer, {
  alias: 'cu',
  fields: {
    id: column(F),
    customerNumber: column(F),
    companyName: column(F),
    companyEmail: column(F),
    companyPhone: column(F),
    billingAddress: embedded(() => AddressType),
    shippingAddress: embedded(() => AddressType),
    createdDate: column(F),
    contacts: many(() => Contact, 'customerId', ['createdDate', 'id'], { declare: { type: () => [Contact] } }),
    // Declared with its where/orderBy/limit arguments by src/read/read-fields.resolver.ts.
    invoices: many(() => Invoice, 'customerId', [], { list: { defaultLimit: CUSTOMER_INVOICES_DEFAULT_LIMIT } }),
  },
});

export const CONTACT = readType(Contact, {
  alias: 'co',
  fields: { id: column(), customerId: column(), firstName: column(), lastName: column(), email: column(), phone: column() },
});

readType(AddressType, { name: 'Address', fields: keys('street', 'city', 'state', 'postalCode', 'country') });
