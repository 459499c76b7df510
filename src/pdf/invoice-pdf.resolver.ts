import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import { Invoice } from '../invoices/invoice.entity';
import { invoicePdfUrl } from './invoice-pdf-link';

@Resolver(() => Invoice)
export class InvoicePdfResolver {
  constructor(private readonly deps: AppDeps) {}

  @FieldResolver(() => String, {
    description: 'Link to the invoice as a PDF. It carries a signed token, so it opens in a browser without the API key, and expires after PDF_LINK_TTL_SECONDS (7 days by default).',
  })
  invoicePdf(@Root() invoice: Invoice, @Ctx() ctx: RequestContext): string | Promise<string> {
    // Signed for the caller's tenant (the only one whose invoices it can see); no query per invoice.
    return invoicePdfUrl(this.deps, requirePrincipal(ctx).tenantId, invoice.id);
  }
}
