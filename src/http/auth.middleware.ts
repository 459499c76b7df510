import { MiddlewareFn } from 'type-graphql';
import { RequestContext, requirePrincipal } from './context';

/**
 * Every root Query/Mutation field requires a tenant's API key. Introspection is not a resolver
 * here, so the explorer can show the schema before a key is entered.
 */
export const RequireApiKey: MiddlewareFn<RequestContext> = ({ context, info }, next) => {
  const root = info.parentType.name;
  if (root === 'Query' || root === 'Mutation' || root === 'Subscription') requirePrincipal(context);
  return next();
};
