/**
 * PostGraphile v4 + postgraphile-plugin-connection-filter over the same tables, for the
 * side-by-side benchmark. Production-style options: no GraphiQL, no watch, no introspection
 * of RBAC, a pool of the same size as ours. Tenant scoping is a filter on tenantId in each query.
 * Usage: DATABASE_URL=... PORT=... node bench/postgraphile/server.js
 */
const http = require('node:http');
const { Pool } = require('pg');
const { postgraphile } = require('postgraphile');
const ConnectionFilterPlugin = require('postgraphile-plugin-connection-filter');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE || 10), application_name: 'bench-postgraphile' });

const middleware = postgraphile(pool, 'public', {
  appendPlugins: [ConnectionFilterPlugin],
  graphileBuildOptions: { connectionFilterRelations: true, connectionFilterAllowNullInput: false },
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: true,
  disableQueryLog: true,
  enableQueryBatching: false,
  graphiql: false,
  watchPg: false,
  retryOnInitFail: false,
  extendedErrors: ['errcode'],
  disableDefaultMutations: true,
});

const server = http.createServer(middleware);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT || 4200), '127.0.0.1', () => {
  console.error(`postgraphile listening on http://127.0.0.1:${server.address().port}/graphql`);
});
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
