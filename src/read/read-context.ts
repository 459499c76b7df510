import type { AppDeps } from '../app-deps';
import type { ReadDatabase } from './read-database';

/**
 * What a read needs: whose rows (the tenant every statement is scoped to) and where to read
 * them. `deps` serves computed fields that need the service's configuration (PDF links).
 */
export interface ReadContext {
  readonly tenantId: string;
  readonly db: ReadDatabase;
  readonly deps: AppDeps;
}
