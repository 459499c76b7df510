import { defaultFieldResolver, GraphQLSchema } from 'graphql';
import { RequestContext, requirePrincipal } from './request-context';
import { checkIdArguments } from './id-arguments';

/**
 * What every root Query/Mutation field checks before its resolver runs: the request carries a
 * tenant's API key, and every id argument is a UUID. Wrapping the root resolvers once, instead
 * of type-graphql global middlewares, keeps nested fields free of the async middleware chain
 * (it ran for every field of every row). Introspection has no resolver here, so the explorer
 * shows the schema before a key is entered.
 */
export function guardRootFields(schema: GraphQLSchema): GraphQLSchema {
  for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (!type) continue;
    for (const field of Object.values(type.getFields())) {
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (root, args, context: RequestContext, info) => {
        requirePrincipal(context);
        checkIdArguments(field, args);
        return resolve(root, args, context, info);
      };
    }
  }
  return schema;
}
