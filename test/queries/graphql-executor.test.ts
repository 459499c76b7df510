import { ApolloServer } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { graphqlExecutor } from '../../src/http/graphql-executor';

/**
 * Apollo runs operations through our executor (its gateway interface). What the planner does not
 * answer runs on graphql-js, whose errors reach Apollo located as usual, also a plain Error
 * without `extensions` (a database error is one), which Apollo's formatting reads.
 */
describe('the GraphQL executor', () => {
  it('hands Apollo located errors, also for errors without extensions', async () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { boom: { type: GraphQLString, resolve: () => { throw new Error('boom'); } } } }),
    });
    const executors: string[] = [];
    const apollo = new ApolloServer({
      gateway: graphqlExecutor(schema, { planner: null, onExecute: (executor) => executors.push(executor) }),
      formatError: (formatted, error) => ({ ...formatted, extensions: { ...formatted.extensions, thrown: (unwrapResolverError(error) as Error).message } }),
    });
    await apollo.start();
    try {
      const res = await apollo.executeOperation({ query: 'query Boom { boom }' });
      expect(executors).toEqual(['fallback']);
      expect(res.body.kind === 'single' && res.body.singleResult).toEqual({
        data: { boom: null },
        errors: [{ message: 'boom', locations: [{ line: 1, column: 14 }], path: ['boom'], extensions: { code: 'INTERNAL_SERVER_ERROR', thrown: 'boom' } }],
      });
    } finally {
      await apollo.stop();
    }
  });
});
