import { AddressType } from '../common/address.type';
import { Contact } from '../customers/contact.entity';
import { CustomerHistoryEntry } from '../customers/customer-history';
import { Customer } from '../customers/customer.entity';
import { Invoice } from '../invoices/invoice.entity';
import { column, columns, embedded, keys, many, readType } from './registry';

const FS = { filter: true, sort: true } as const;

/** The page size of `Customer.invoices` when `limit` is not given. */
export const CUSTOMER_INVOICES_DEFAULT_LIMIT = 25;

export const CUSTOMER = readType(Customer, {
  alias: 'cu',
  fields: {
    id: column(FS),
    externalId: column({ ...FS, filter: "The customer's id in another system (Nue's 001ks00000dvz1ayad)." }),
    customerNumber: column(FS),
    companyName: column({ filter: true, sort: 'lower' }),
    companyEmail: column(FS),
    companyPhone: column({ filter: true }),
    ...columns(FS, 'createdDate', 'lastModifiedDate'),
    version: column(),
    billingAddress: embedded(() => AddressType),
    shippingAddress: embedded(() => AddressType),
    contacts: many(() => Contact, 'customerId', ['createdDate', 'id'], { declare: { type: () => [Contact] } }),
    history: many(() => CustomerHistoryEntry, 'customerId', ['createdAt', 'id'], {
      declare: { type: () => [CustomerHistoryEntry], description: 'Its creation and every change of it or of its contacts, oldest first (action, actor, time, changed fields).' },
    }),
    // Declared with its where/orderBy/limit arguments by src/read/read-queries.resolver.ts.
    invoices: many(() => Invoice, 'customerId', [], { list: { defaultLimit: CUSTOMER_INVOICES_DEFAULT_LIMIT } }),
  },
});

export const CONTACT = readType(Contact, {
  alias: 'co',
  fields: columns({}, 'id', 'customerId', 'firstName', 'lastName', 'email', 'phone', 'createdDate', 'lastModifiedDate', 'version'),
});

readType(CustomerHistoryEntry, { alias: 'ch', fields: columns({}, 'id', 'action', 'contactId', 'actorId', 'createdAt', 'changes') });
readType(AddressType, { name: 'Address', fields: keys('street', 'city', 'state', 'postalCode', 'country') });
