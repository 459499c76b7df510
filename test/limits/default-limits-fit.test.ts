import { parse, validate } from 'graphql';
import { getComplexity } from 'graphql-query-complexity';
import { EXPLORER_TABS } from '../../src/explorer/explorer-examples';
import { aliasLimitRule } from '../../src/http/limits/alias-limit.rule';
import { pageSizeEstimator } from '../../src/http/limits/cost-estimator';
import { depthLimitRule } from '../../src/http/limits/depth-limit.rule';
import { loadConfig } from '../../src/config';

const loadLimitsConfig = () => loadConfig().limits;
import { buildAppSchema } from '../../src/schema/build-schema';

/**
 * The default limits must never refuse what the service itself teaches: the explorer's example
 * operations, and a full page of invoices with their nested lists.
 */
describe('default limits fit the documented operations', () => {
  it('the explorer examples and a 500-invoice page with nested lists pass depth, alias and cost limits', async () => {
    const schema = await buildAppSchema();
    const limits = loadLimitsConfig();
    const fullPage = `{ invoice(limit: 500) { id name amount balance customer { companyName billingAddress { city } }
      lineItems { description amount } payments { amount refunds { amount } } history { action } comments { comment } } }`;
    const operations = [...EXPLORER_TABS.map((t) => ({ query: t.query, variables: t.variables ? JSON.parse(t.variables) : {} })), { query: fullPage, variables: {} }];
    for (const { query, variables } of operations) {
      const document = parse(query);
      const errors = validate(schema, document, [depthLimitRule(limits.maxDepth), aliasLimitRule(limits.maxAliases)])
        .filter((e) => ['QUERY_TOO_DEEP', 'TOO_MANY_ALIASES'].includes(e.extensions.code as string));
      expect({ query: query.slice(0, 80), errors: errors.map((e) => e.message) }).toEqual({ query: query.slice(0, 80), errors: [] });
      for (const operation of document.definitions.flatMap((d) => (d.kind === 'OperationDefinition' ? [d.name?.value] : []))) {
        const cost = getComplexity({ schema, query: document, operationName: operation, variables, estimators: [pageSizeEstimator] });
        expect({ operation, cost: cost <= limits.maxCost }).toEqual({ operation, cost: true });
      }
    }
  });
});
