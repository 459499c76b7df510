import { DocumentNode, visit } from 'graphql';
import { PAGE_ARGS } from './cost-estimator';

/**
 * Operation costs, remembered per parsed document (Apollo reuses the DocumentNode of a query
 * text it has seen). A cost depends on the document and only on the variables that reach a page
 * argument (`limit`, `first`, `last`: cost-estimator.ts) or a directive (@skip/@include), so
 * those values, and nothing else, key the cache: `invoiceById(id: $id)` costs the same for
 * every id and is computed once, where a full walk of the operation cost more CPU than
 * executing it (BENCHMARKS.md).
 */
export type CostOutcome = { cost: number } | { tooManyNodes: true };

interface DocumentCosts {
  /** Names of the variables the cost can depend on. */
  readonly inputs: readonly string[];
  readonly outcomes: Map<string, CostOutcome>;
}

const MAX_OUTCOMES_PER_DOCUMENT = 256;
const byDocument = new WeakMap<DocumentNode, DocumentCosts>();

/** Variables used (at any depth) in page arguments or in directives' arguments. */
function costInputs(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (node: Parameters<typeof visit>[0]) => visit(node, { Variable: (v) => void names.add(v.name.value) });
  visit(document, {
    Argument: (arg) => {
      if ((PAGE_ARGS as readonly string[]).includes(arg.name.value)) collect(arg);
    },
    Directive: (directive) => {
      collect(directive);
      return false;
    },
  });
  return [...names].sort();
}

/** The cost of `document` for these variables: from the cache, or computed by `compute` and kept. */
export function cachedCost(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
  compute: () => CostOutcome,
): CostOutcome {
  let costs = byDocument.get(document);
  if (!costs) byDocument.set(document, (costs = { inputs: costInputs(document), outcomes: new Map() }));
  const key = JSON.stringify([operationName ?? null, ...costs.inputs.map((name) => variables[name] ?? null)]);
  const known = costs.outcomes.get(key);
  if (known) return known;
  const outcome = compute();
  if (costs.outcomes.size >= MAX_OUTCOMES_PER_DOCUMENT) costs.outcomes.clear();
  costs.outcomes.set(key, outcome);
  return outcome;
}
