import type { ApolloServerPlugin } from '@apollo/server';
import type { ValidationRule } from 'graphql';
import type { AppDeps } from '../app-deps';
import type { RequestContext } from './context';

/** Apollo plugins of the service (logging, metrics, limits); each concern lives in its own file. */
export function apolloPlugins(_deps: AppDeps): ApolloServerPlugin<RequestContext>[] {
  return [];
}

/** Extra GraphQL validation rules (depth, cost and alias limits). */
export function validationRules(_deps: AppDeps): ValidationRule[] {
  return [];
}
