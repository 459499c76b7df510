import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ValidationRule } from 'graphql';
import type { AppDeps } from '../app-deps';
import type { RequestContext } from '../schema/request-context';
import { aliasLimitRule } from './limits/alias-limit.rule';
import { costLimitPlugin } from './limits/cost-limit.plugin';
import { depthLimitRule } from './limits/depth-limit.rule';
import { graphqlFactsPlugin } from '../observability/graphql-facts.plugin';

/** Apollo plugins of the service (logging, metrics, limits); each concern lives in its own file. */
export function apolloPlugins(deps: AppDeps): ApolloServerPlugin<RequestContext>[] {
  return [costLimitPlugin(deps.config.limits.maxCost) as ApolloServerPlugin<RequestContext>, graphqlFactsPlugin(deps),
    // No HTTP cache hints are used; Apollo's implicit cache-control plugin would wrap every field resolver.
    ApolloServerPluginCacheControlDisabled()];
}

/** Extra GraphQL validation rules (depth, cost and alias limits). */
export function validationRules(deps: AppDeps): ValidationRule[] {
  return [depthLimitRule(deps.config.limits.maxDepth), aliasLimitRule(deps.config.limits.maxAliases)];
}
