import 'reflect-metadata';
import type { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { AppDeps } from '../../src/app-deps';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { RunningServer, startServer } from '../../src/http/server';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createApiKey, createTenant, IssuedKey } from '../../src/tenancy/api-key.service';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: Array<{ message: string; path?: string[]; extensions?: Record<string, any> }>;
}

export interface TestService {
  deps: AppDeps;
  dataSource: DataSource;
  server: RunningServer;
  schema: GraphQLSchema;
  /** The HTTP base, e.g. http://localhost:34567 */
  baseUrl: string;
  /** A fresh tenant with its key (each test file makes its own, so files never see each other's rows). */
  newTenant(name?: string): Promise<IssuedKey>;
  /** POSTs an operation to /graphql with the key; returns the parsed body. */
  gql<T = any>(apiKey: string | undefined, query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

/**
 * The real HTTP service on a random port, against the test run's PostgreSQL (or the database in
 * `overrides.databaseUrl`, e.g. one from ownDatabase() for a fault test).
 */
export async function startTestService(overrides: Parameters<typeof loadConfig>[0] = {}): Promise<TestService> {
  // `databaseUrl` in the overrides: the test run's database reached another way (e.g. through a proxy of the test's own).
  const url = overrides.databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global-setup starts PostgreSQL)');
  const dataSource = createDataSource({ url, poolSize: overrides.dbPoolSize ?? 10, applicationName: 'billing-test' });
  await dataSource.initialize();
  const config = loadConfig({ port: 0, databaseUrl: url, ...overrides });
  const deps: AppDeps = { dataSource, config };
  const schema = await buildAppSchema(deps);
  const server = await startServer(deps, schema, { port: 0, host: '127.0.0.1' });
  const baseUrl = server.url.replace(/\/graphql$/, '');
  config.publicUrl = baseUrl;
  return {
    deps,
    dataSource,
    server,
    schema,
    baseUrl,
    newTenant: (name = 'Test tenant') => createTenant(dataSource, name),
    async gql(apiKey, query, variables, headers = {}) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}), ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse;
    },
    async stop() {
      await server.close();
      await dataSource.destroy();
    },
  };
}

export { createApiKey };
