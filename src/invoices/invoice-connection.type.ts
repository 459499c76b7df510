import { Field, Int, ObjectType } from 'type-graphql';
import { Invoice } from './invoice.entity';

@ObjectType({ description: 'Relay page information.', simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean) hasNextPage: boolean;
  @Field(() => Boolean, { description: 'With `after`: true (the cursor row precedes this page); computed exactly for `last`.' })
  hasPreviousPage: boolean;
  @Field(() => String, { nullable: true }) startCursor: string | null;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType({ simpleResolvers: true })
export class InvoiceEdge {
  @Field(() => String, { description: 'Opaque keyset cursor: stays valid when rows are inserted or deleted.' })
  cursor: string;
  @Field(() => Invoice) node: Invoice;
}

/**
 * A page of invoices. `totalCount` is a field resolver (invoice.resolver.ts), so its COUNT(*)
 * only runs when a client selects it; `count` carries the thunk that runs it.
 */
@ObjectType({ description: 'A Relay connection over invoices (keyset cursors, `first`/`last` at most 500, default 25).' })
export class InvoiceConnection {
  @Field(() => [InvoiceEdge]) edges: InvoiceEdge[];
  @Field(() => [Invoice]) nodes: Invoice[];
  @Field(() => PageInfo) pageInfo: PageInfo;
  @Field(() => Int, { description: 'Number of invoices matching `where` (all pages); computed only when selected.' })
  totalCount: number;
  count: () => Promise<number>;
}
