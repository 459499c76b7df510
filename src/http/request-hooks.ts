import type { RequestHook } from './routes';
import { rateLimitHook } from './limits/rate-limit.hook';
import { servedByHook } from './served-by.hook';
import { requestLogHook } from './request-log.hook';

// The log hook comes first so that requests refused by later hooks (429) are logged too.
export const REQUEST_HOOKS: RequestHook[] = [servedByHook, requestLogHook, rateLimitHook];
