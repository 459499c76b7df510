import { requirePrincipal, RequestContext } from '../../schema/request-context';

/** Who acts: the tenant and API key of the request (null key id for the scheduler). */
export interface Actor {
  tenantId: string;
  apiKeyId: string | null;
}

/** The request's actor (UNAUTHENTICATED without a key). */
export const actorOf = (ctx: RequestContext): Actor => {
  const p = requirePrincipal(ctx);
  return { tenantId: p.tenantId, apiKeyId: p.apiKeyId };
};

/** Ids are UUIDs; anything else cannot name an invoice (answered as not found, not as a SQL error). */
export { isUuid } from '../../common/uuid';

/** Today's calendar date in UTC, 'YYYY-MM-DD' (billing dates are calendar dates). */
export const todayUtc = () => new Date().toISOString().slice(0, 10);
