/**
 * PostGraphile v5 (Grafast) + postgraphile-plugin-connection-filter over the same tables, for the
 * side-by-side benchmark. Runs on the Node 22 this folder installs (the npm package `node`), as
 * PostGraphile v5 requires; the service and the floor stay on the machine's Node.
 *
 * Set up as its documentation recommends for production: the `amber` preset with the connection
 * filter preset, grafserv on node:http, no GraphiQL, no watch mode, no explain, default
 * mutations off (as for v4), a pool of the same size as ours. Amber hides filters on columns
 * without a (non-partial) index: `invoice.is_active` is only in a partial index's predicate, so
 * postgraphile.tags.json5 gives it the documented `@isIndexed` smart tag (no change to our schema).
 * Tenant scoping is a filter on tenantId in each query, as for v4.
 * Usage: DATABASE_URL=... PORT=... node_modules/.bin/node bench/postgraphile5/server.mjs
 */
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { postgraphile } from 'postgraphile';
import { makePgService } from 'postgraphile/adaptors/pg';
import { grafserv } from 'postgraphile/grafserv/node';
import { PostGraphileAmberPreset } from 'postgraphile/presets/amber';
import { pgSmartTagsFromFile } from 'postgraphile/utils';
import { PostGraphileConnectionFilterPreset } from 'postgraphile-plugin-connection-filter';

const here = path.dirname(fileURLToPath(import.meta.url));
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE || 10), application_name: 'bench-postgraphile5' });

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  plugins: [pgSmartTagsFromFile(path.join(here, 'postgraphile.tags.json5'), 'BenchSmartTagsPlugin')],
  disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin'],
  pgServices: [makePgService({ pool, schemas: ['public'] })],
  schema: { connectionFilterRelations: true, connectionFilterAllowNullInput: false },
  grafast: { explain: false },
  grafserv: { graphiql: false, graphiqlOnGraphQLGET: false, watch: false, websockets: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = http.createServer();
server.keepAliveTimeout = 65_000;
server.on('error', (error) => {
  console.error(error);
  process.exit(1);
});
await serv.addTo(server);
// Build the schema before listening: the harness waits for the port, then measures.
await pgl.getSchema();
server.listen(Number(process.env.PORT || 4300), '127.0.0.1', () => {
  console.error(`postgraphile v5 (node ${process.version}) listening on http://127.0.0.1:${server.address().port}/graphql`);
});
const stop = () => server.close(() => Promise.resolve(pgl.release()).then(() => pool.end()).then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
