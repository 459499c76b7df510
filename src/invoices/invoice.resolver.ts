import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from 'type-graphql';
import type { AppDeps } from '../app-deps';
import { InvoiceOrderByInput } from '../filters/invoice-order-by';
import { InvoiceWhereInput } from '../filters/invoice-where.input';
import { requirePrincipal } from '../http/context';
import type { RequestContext } from '../http/context';
import { InvoiceConnection } from './invoice-connection.type';
import { NestedSelection } from './invoice-nested-prefetch';
import { InvoiceQueryService } from './invoice-query.service';
import { DEFAULT_PAGE_SIZE, invoicePropsFor, selectedFields } from './invoice-row';
import { Invoice } from './invoice.entity';

const NODE_PATHS = [['edges', 'node'], ['nodes']] as const;

/**
 * The invoice queries: Nue's `invoice(where, orderBy, limit, offset)` list, the Relay
 * `invoices` connection and `invoiceById`. Each selects only the columns the client asked for.
 */
@Resolver()
export class InvoiceQueryResolver {
  private readonly service: InvoiceQueryService;

  constructor(deps: AppDeps) {
    this.service = new InvoiceQueryService(deps.dataSource);
  }

  @Query(() => [Invoice], { description: "Invoices matching `where` (Nue's form), ordered by `orderBy` then id; `limit` at most 500, default 25. Soft-deleted invoices are hidden unless `where` mentions isActive." })
  async invoice(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('where', () => InvoiceWhereInput, { nullable: true, validate: false }) where: InvoiceWhereInput | null,
    @Arg('orderBy', () => [InvoiceOrderByInput], { nullable: true, validate: false }) orderBy: InvoiceOrderByInput[] | null,
    @Arg('limit', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) limit: number | null,
    @Arg('offset', () => Int, { nullable: true, defaultValue: 0 }) offset: number | null,
  ): Promise<Invoice[]> {
    const { tenantId } = requirePrincipal(ctx);
    const props = invoicePropsFor(selectedFields(info, [[]]));
    const nested = NestedSelection.of(info, [[]]);
    const rows = await this.service.list(tenantId, { where, orderBy, limit, offset }, props, nested.selectSql());
    nested.attach(rows);
    return rows as Invoice[];
  }

  @Query(() => InvoiceConnection, { description: 'Invoices as a Relay connection with keyset cursors (`first`/`last` at most 500, default 25).' })
  async invoices(
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('where', () => InvoiceWhereInput, { nullable: true, validate: false }) where: InvoiceWhereInput | null,
    @Arg('orderBy', () => [InvoiceOrderByInput], { nullable: true, validate: false }) orderBy: InvoiceOrderByInput[] | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('last', () => Int, { nullable: true }) last: number | null,
    @Arg('before', () => String, { nullable: true }) before: string | null,
  ): Promise<InvoiceConnection> {
    const { tenantId } = requirePrincipal(ctx);
    const props = invoicePropsFor(selectedFields(info, NODE_PATHS));
    const top = selectedFields(info, [[]]);
    const nested = NestedSelection.of(info, NODE_PATHS);
    const page = await this.service.page(tenantId, { where, orderBy, first, after, last, before }, props, {
      nestedSql: nested.selectSql(),
      withTotalCount: top.has('totalCount'),
    });
    nested.attach(page.rows);
    const nodes = page.rows as Invoice[];
    const cursor = (n: number) => (nodes.length ? this.service.cursorOf(page.keys, page.rows[n]) : null);
    return {
      nodes,
      edges: top.has('edges') ? page.rows.map((row) => ({ cursor: this.service.cursorOf(page.keys, row), node: row as Invoice })) : [],
      pageInfo: {
        hasNextPage: page.hasNextPage,
        hasPreviousPage: page.hasPreviousPage,
        startCursor: cursor(0),
        endCursor: cursor(nodes.length - 1),
      },
      totalCount: 0,
      // An empty page carries no count: only then does totalCount cost a statement of its own.
      count: async () => page.totalCount ?? this.service.count(tenantId, where),
    };
  }

  @Query(() => Invoice, { nullable: true, description: "One invoice by id (soft-deleted ones included); null when not found or another tenant's." })
  async invoiceById(@Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo, @Arg('id', () => ID) id: string): Promise<Invoice | null> {
    const { tenantId } = requirePrincipal(ctx);
    const nested = NestedSelection.of(info, [[]]);
    const row = await this.service.byId(tenantId, id, invoicePropsFor(selectedFields(info, [[]])), nested.selectSql());
    if (row) nested.attach([row]);
    return row as Invoice | null;
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
