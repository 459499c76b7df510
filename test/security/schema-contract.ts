import type { TestService } from '../support/test-service';

/**
 * These tests are written against the contracts of other issues (queries, lifecycle, payments).
 * When a field they need is not in the schema yet, they fail with this message instead of passing
 * vacuously on a GraphQL validation error.
 */
export async function requireRootFields(svc: TestService, root: 'Query' | 'Mutation', names: string[]): Promise<void> {
  const res = await svc.gql(undefined, `{ __type(name: "${root}") { fields { name } } }`);
  const present = new Set<string>((res.data?.__type?.fields ?? []).map((f: { name: string }) => f.name));
  const missing = names.filter((n) => !present.has(n));
  if (missing.length) {
    throw new Error(`The schema has no ${root}.${missing.join(`, ${root}.`)} yet (built by another issue's work); this test needs it to run.`);
  }
}
