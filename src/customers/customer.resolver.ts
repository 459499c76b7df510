import DataLoader from 'dataloader';
import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, Field, FieldResolver, ID, Info, InputType, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { InvoiceOrderByInput } from '../filters/invoice-order-by';
import { InvoiceWhereInput } from '../filters/invoice-where.input';
import { loader, requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import { customerContactsLoader, customerLoader } from '../invoices/invoice-loaders';
import { InvoiceQueryService } from '../invoices/invoice-query.service';
import { assertUuid, DEFAULT_PAGE_SIZE, invoicePropsFor, InvoiceRow, selectedFields } from '../invoices/invoice-row';
import { Invoice } from '../invoices/invoice.entity';
import { Contact } from './contact.entity';
import { Customer } from './customer.entity';
import { CustomerQueryService } from './customer-query.service';

@InputType({ description: 'A simple customer filter; all given conditions must hold.' })
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

  @Query(() => [Customer], { description: 'Customers of the tenant by company name (limit at most 500, default 25).' })
  async customers(
    @Ctx() ctx: RequestContext,
    @Arg('where', () => CustomerListFilter, { nullable: true }) where: CustomerListFilter | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) limit: number | null,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number | null,
  ): Promise<Customer[]> {
    const { tenantId } = requirePrincipal(ctx);
    return this.service.list(tenantId, where, limit ?? DEFAULT_PAGE_SIZE, offset ?? 0);
  }

  @Query(() => Customer, { nullable: true, description: "A customer by id; null when not found (or another tenant's)." })
  async customer(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<Customer | null> {
    requirePrincipal(ctx);
    assertUuid(id, ['id']);
    return customerLoader(ctx).load(id);
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
