import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Customer } from '../customers/customer.entity';
import { InvoiceConnection } from '../invoices/invoice-connection.type';
import { Invoice } from '../invoices/invoice.entity';
import { ActionAvailability } from '../lifecycle/action-availability.type';
import type { RequestContext } from '../schema/request-context';
import { CUSTOMER, CUSTOMER_INVOICES_DEFAULT_LIMIT } from './customer.read';
import { computedValue, related, rootPage, rootRows } from './fallback';
import { CustomerOrderByInput, InvoiceOrderByInput } from './order';
import { INVOICE } from './invoice.read';
import { DEFAULT_PAGE_SIZE, NUE_DEFAULT_PAGE_SIZE } from './paging';
import { ROOTS } from './roots';
import { CustomerListFilter, CustomerWhereInput, InvoiceWhereInput } from './where-inputs';

const where = { nullable: true, validate: false } as const;

/**
 * The read side's root queries and its fields that take arguments, as type-graphql declares
 * them: the fallback's resolvers (src/read/fallback.ts). Queries the planner answers never call
 * them; the same statements (src/read/roots.ts) serve both.
 */
@Resolver()
export class ReadQueryResolver {
  @Query(() => [Invoice], { description: "Invoices matching `where` (Nue's form), ordered by `orderBy` then id; `limit` at most 500, default 100 (Nue's page); read past it with `offset`, or page with `invoices`. Soft-deleted invoices are hidden unless `where` mentions isActive." })
  invoice(
    @Ctx() ctx: RequestContext,
    @Arg('where', () => InvoiceWhereInput, where) where: InvoiceWhereInput | null,
    @Arg('orderBy', () => [InvoiceOrderByInput], where) orderBy: InvoiceOrderByInput[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: NUE_DEFAULT_PAGE_SIZE }) limit: number | null,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number | null,
  ) {
    return rootRows(ctx, ROOTS.invoice, { where, orderBy, limit, offset });
  }

  @Query(() => InvoiceConnection, { description: 'Invoices as a Relay connection with keyset cursors (`first`/`last` at most 500, default 25).' })
  invoices(
    @Ctx() ctx: RequestContext,
    @Arg('where', () => InvoiceWhereInput, where) where: InvoiceWhereInput | null,
    @Arg('orderBy', () => [InvoiceOrderByInput], where) orderBy: InvoiceOrderByInput[] | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('last', () => Int, { nullable: true }) last: number | null,
    @Arg('before', () => String, { nullable: true }) before: string | null,
  ) {
    return rootPage(ctx, { where, orderBy, first, after, last, before });
  }

  @Query(() => Invoice, { nullable: true, description: "One invoice by id (soft-deleted ones included); null when not found or another tenant's." })
  async invoiceById(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return (await rootRows(ctx, ROOTS.invoiceById, { id }))[0] ?? null;
  }

  @Query(() => [Customer], { description: 'Customers of the tenant matching `where` (the filter language of invoices), by company name unless `orderBy` says otherwise (limit at most 500, default 25).' })
  customers(
    @Ctx() ctx: RequestContext,
    @Arg('where', () => CustomerWhereInput, where) where: CustomerWhereInput | null,
    @Arg('orderBy', () => [CustomerOrderByInput], where) orderBy: CustomerOrderByInput[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) limit: number | null,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number | null,
    @Arg('filter', () => CustomerListFilter, { nullable: true, deprecationReason: 'Use where: CustomerWhereInput (e.g. {companyName: {contains: "x"}}, {id: {in: [...]}}, {companyEmail: {eqIgnoreCase: "x"}}).' })
    filter: CustomerListFilter | null,
  ) {
    return rootRows(ctx, ROOTS.customers, { where, orderBy, limit, offset, filter });
  }

  @Query(() => Customer, { nullable: true, description: "A customer by id; null when not found (or another tenant's)." })
  async customer(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string) {
    return (await rootRows(ctx, ROOTS.customer, { id }))[0] ?? null;
  }
}

@Resolver(() => Invoice)
export class InvoiceArgumentFieldsResolver {
  @FieldResolver(() => [ActionAvailability], { description: 'Each lifecycle action with whether it is allowed now and, if not, the error code it would fail with.' })
  availableActions(
    @Root() invoice: Invoice,
    @Ctx() ctx: RequestContext,
    @Arg('allowed', () => Boolean, { nullable: true, description: 'Only the allowed (true) or refused (false) actions.' }) allowed?: boolean | null,
  ) {
    return computedValue(ctx, INVOICE, 'availableActions', invoice as never, { allowed });
  }
}

@Resolver(() => Customer)
export class CustomerArgumentFieldsResolver {
  @FieldResolver(() => [Invoice], { description: "The customer's invoices matching `where` (soft-deleted hidden unless it mentions isActive), at most `limit` (<= 500) per customer." })
  invoices(
    @Root() customer: Customer,
    @Ctx() ctx: RequestContext,
    @Arg('where', () => InvoiceWhereInput, where) where: InvoiceWhereInput | null,
    @Arg('orderBy', () => [InvoiceOrderByInput], where) orderBy: InvoiceOrderByInput[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: CUSTOMER_INVOICES_DEFAULT_LIMIT }) limit: number | null,
  ) {
    return related(ctx, CUSTOMER, 'invoices', customer as never, { where, orderBy, limit });
  }
}

/** `totalCount` runs its COUNT(*) only when selected. */
@Resolver(() => InvoiceConnection)
export class InvoiceConnectionResolver {
  @FieldResolver(() => Int)
  totalCount(@Root() connection: InvoiceConnection): Promise<number> {
    return connection.count();
  }
}
