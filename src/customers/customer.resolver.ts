import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { InvoiceOrderByInput } from '../filters/invoice-order-by';
import { badInput } from '../common/errors';
import { CustomerOrderByInput } from '../filters/customer-order-by';
import { CustomerWhereInput } from '../filters/customer-where.input';
import { InvoiceWhereInput } from '../filters/invoice-where.input';
import { loader, requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import { customerContactsLoader, customerLoader } from '../invoices/invoice-loaders';
import { InvoiceQueryService } from '../invoices/invoice-query.service';
import { assertUuid, DEFAULT_PAGE_SIZE, invoicePropsFor, InvoiceRow, selectedFields } from '../invoices/invoice-row';
import { Invoice } from '../invoices/invoice.entity';
import { Contact } from './contact.entity';
import { Customer } from './customer.entity';
import { CustomerHistoryEntry } from './customer-history';
import { customerListFilterToWhere, CustomerQueryService } from './customer-query.service';

@InputType({ description: 'Deprecated: the old simple customer filter (all given conditions must hold). Use `where: CustomerWhereInput`, the filter language of invoices.' })
export class CustomerListFilter {
  @Field(() => [ID], { nullable: true }) ids?: string[] | null;
  @Field(() => String, { nullable: true }) customerNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive substring of the company name.' })
  companyNameContains?: string | null;
  @Field(() => String, { nullable: true, description: 'Case-insensitive exact email.' })
  companyEmail?: string | null;
}

@Resolver(() => Customer)
export class CustomerResolver {
  private readonly service: CustomerQueryService;
  private readonly invoiceService: InvoiceQueryService;

  constructor(deps: AppDeps) {
    this.service = new CustomerQueryService(deps.dataSource);
    this.invoiceService = new InvoiceQueryService(deps.dataSource);
  }

  @Query(() => [Customer], { description: 'Customers of the tenant matching `where` (the filter language of invoices), by company name unless `orderBy` says otherwise (limit at most 500, default 25).' })
  async customers(
    @Ctx() ctx: RequestContext,
    @Arg('where', () => CustomerWhereInput, { nullable: true, validate: false }) where: CustomerWhereInput | null,
    @Arg('orderBy', () => [CustomerOrderByInput], { nullable: true, validate: false }) orderBy: CustomerOrderByInput[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) limit: number | null,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number | null,
    @Arg('filter', () => CustomerListFilter, { nullable: true, deprecationReason: 'Use where: CustomerWhereInput (e.g. {companyName: {contains: "x"}}, {id: {in: [...]}}, {companyEmail: {eqIgnoreCase: "x"}}).' })
    filter: CustomerListFilter | null,
  ): Promise<Customer[]> {
    const { tenantId } = requirePrincipal(ctx);
    if (where != null && filter != null) throw badInput('Give where or the deprecated filter, not both', ['filter']);
    const legacy = customerListFilterToWhere(filter);
    return this.service.list(tenantId, legacy ?? where, orderBy, limit ?? DEFAULT_PAGE_SIZE, offset ?? 0, legacy ? ['filter'] : ['where']);
  }

  @Query(() => Customer, { nullable: true, description: "A customer by id; null when not found (or another tenant's)." })
  async customer(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Customer | null> {
    requirePrincipal(ctx);
    assertUuid(id, ['id']);
    return customerLoader(ctx).load(id);
  }

  @FieldResolver(() => [CustomerHistoryEntry], { description: 'Its creation and every change of it or of its contacts, oldest first (action, actor, time, changed fields).' })
  history(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<CustomerHistoryEntry[]> {
    return loader(ctx, 'customer.history', () => {
      const { tenantId } = requirePrincipal(ctx);
      return new DataLoader<string, CustomerHistoryEntry[]>(async (ids) => {
        const grouped = new Map<string, CustomerHistoryEntry[]>();
        for (const h of await this.service.historyOf(tenantId, ids)) grouped.set(h.customerId, [...(grouped.get(h.customerId) ?? []), h]);
        return ids.map((id) => grouped.get(id) ?? []);
      }, { maxBatchSize: 500 });
    }).load(customer.id);
  }

  @FieldResolver(() => [Contact])
  async contacts(@Root() customer: Customer, @Ctx() ctx: RequestContext): Promise<Contact[]> {
    return customerContactsLoader(ctx).load(customer.id);
  }

  @FieldResolver(() => [Invoice], { description: "The customer's invoices matching `where` (soft-deleted hidden unless it mentions isActive), at most `limit` (<= 500) per customer." })
  async invoices(
    @Root() customer: Customer,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('where', () => InvoiceWhereInput, { nullable: true, validate: false }) where: InvoiceWhereInput | null,
    @Arg('orderBy', () => [InvoiceOrderByInput], { nullable: true, validate: false }) orderBy: InvoiceOrderByInput[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) limit: number | null,
  ): Promise<Invoice[]> {
    const { tenantId } = requirePrincipal(ctx);
    const props = invoicePropsFor(selectedFields(info, [[]]));
    const args = { where, orderBy, limit };
    // One loader per distinct arguments and selection: customers of a page batch into one statement.
    const name = `customer.invoices:${JSON.stringify(args)}:${props.join(',')}`;
    const invoices = loader(ctx, name, () => new DataLoader<string, InvoiceRow[]>(async (ids) => {
      const grouped = await this.invoiceService.byCustomers(tenantId, ids, args, props);
      return ids.map((id) => grouped.get(id) ?? []);
    }, { maxBatchSize: 500 }));
    return (await invoices.load(customer.id)) as Invoice[];
  }
}
