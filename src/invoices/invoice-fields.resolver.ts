import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Contact } from '../customers/contact.entity';
import { Customer } from '../customers/customer.entity';
import type { RequestContext } from '../http/context';
import { contactLoader, customerLoader, lineItemsLoader } from './invoice-loaders';
import { InvoiceLineItem } from './invoice-line-item.entity';
import { Invoice } from './invoice.entity';

/**
 * The read side's fields on Invoice. Each relation goes through a per-request DataLoader, so a
 * page of any size costs one statement per relation. Parents are raw rows (invoice-row.ts)
 * carrying the columns these fields read (declared there in FIELD_NEEDS).
 */
@Resolver(() => Invoice)
export class InvoiceFieldsResolver {
  @FieldResolver(() => String, { description: 'Nue name of the invoice: its number, e.g. INV-00000311.' })
  name(@Root() invoice: Invoice): string {
    return invoice.invoiceNumber;
  }

  @FieldResolver(() => Customer)
  async customer(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<Customer> {
    const customer = await customerLoader(ctx).load(invoice.customerId);
    // The (tenant_id, customer_id) foreign key guarantees the row.
    if (!customer) throw new Error(`Customer ${invoice.customerId} of invoice ${invoice.id} is missing`);
    return customer;
  }

  @FieldResolver(() => Contact, { nullable: true, description: 'The bill-to contact (Nue billToContactId).' })
  async billToContact(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<Contact | null> {
    return invoice.billToContactId ? contactLoader(ctx).load(invoice.billToContactId) : null;
  }

  @FieldResolver(() => [InvoiceLineItem], { description: 'Lines in line-number order.' })
  async lineItems(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): Promise<InvoiceLineItem[]> {
    return lineItemsLoader(ctx).load(invoice.id);
  }
}
