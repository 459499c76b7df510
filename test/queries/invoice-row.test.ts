import { parse, GraphQLResolveInfo, OperationDefinitionNode, FieldNode, FragmentDefinitionNode } from 'graphql';
import { INVOICE_COLUMNS, invoicePropsFor, invoiceSelectList, selectedFields } from '../../src/invoices/invoice-row';

/** Column selection of the read side: only what the client asked for, and what field resolvers read. */
function infoFor(query: string): GraphQLResolveInfo {
  const doc = parse(query);
  const op = doc.definitions.find((d) => d.kind === 'OperationDefinition') as OperationDefinitionNode;
  const fragments = Object.fromEntries(doc.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((f) => [f.name.value, f]));
  return { fieldNodes: [op.selectionSet.selections[0] as FieldNode], fragments } as unknown as GraphQLResolveInfo;
}

describe('invoice row selection', () => {
  it('collects fields through fragments, inline fragments and connection paths', () => {
    const info = infoFor(`{ invoices { totalCount edges { cursor node { amount ...F } } nodes { ... on Invoice { status } } } }
      fragment F on Invoice { dueDate customer { companyName } }`);
    expect([...selectedFields(info, [['edges', 'node'], ['nodes']])].sort()).toEqual(['amount', 'customer', 'dueDate', 'status']);
    expect([...selectedFields(info, [[]])].sort()).toEqual(['edges', 'nodes', 'totalCount']);
  });

  it('maps fields to the columns they need: columns, field resolvers, and everything for unknown fields', () => {
    expect(invoicePropsFor(['amount', 'name', 'customer', 'lineItems', 'invoicePdf']).sort()).toEqual(['amount', 'customerId', 'id', 'invoiceNumber', 'tenantId']);
    expect(invoicePropsFor(['someNewFieldResolver'])).toHaveLength(INVOICE_COLUMNS.size);
    expect(invoiceSelectList(['id', 'amountWithoutTax'])).toBe('i.id AS "id", i.amount_without_tax AS "amountWithoutTax"');
  });
});
