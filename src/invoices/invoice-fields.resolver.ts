import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import type { RequestContext } from '../http/context';
import { contactLoader, customerLoader, lineItemsLoader } from './invoice-loaders';
import { InvoiceLineItem } from './invoice-line-item.entity';
import { prefetched } from './invoice-nested-prefetch';
import { Invoice } from './invoice.entity';

/**
 * The read side's fields on Invoice. A relation comes from the row when the root statement
 * prefetched it (invoice-nested-prefetch.ts), else through a per-request DataLoader, so a page
 * of any size costs at most one statement per relation. Parents are raw rows (invoice-row.ts)
 * carrying the columns these fields read (declared there in FIELD_NEEDS).
 */
@Resolver(() => Invoice)
export class InvoiceFieldsResolver {
  @FieldResolver(() => String, { description: 'Nue name of the invoice: its number, e.g. INV-00000311.' })
  name(@Root() invoice: Invoice): string {
    return invoice.invoiceNumber;
  }

  @FieldResolver(() => Customer)
  customer(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Customer | Promise<Customer> {
    const found = prefetched<Customer | null>(invoice, 'customer');
    return found !== undefined ? present(found, invoice) : customerLoader(ctx).load(invoice.customerId).then((c) => present(c, invoice));
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The bill-to contact (Nue billToContactId).' })
  billToContact(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Contact | null | Promise<Contact | null> {
    if (!invoice.billToContactId) return null;
    return prefetched<Contact | null>(invoice, 'billToContact') ?? contactLoader(ctx).load(invoice.billToContactId);
  }

  @FieldResolver(() => [InvoiceLineItem], { description: 'Lines in line-number order.' })
  lineItems(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): InvoiceLineItem[] | Promise<InvoiceLineItem[]> {
    return prefetched<InvoiceLineItem[]>(invoice, 'lineItems') ?? lineItemsLoader(ctx).load(invoice.id);
  }
}

/** The (tenant_id, customer_id) foreign key guarantees an invoice's customer row. */
function present(customer: Customer | null, invoice: Invoice): Customer {
  if (!customer) throw new Error(`Customer ${invoice.customerId} of invoice ${invoice.id} is missing`);
  return customer;
}
