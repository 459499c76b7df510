import 'reflect-metadata';
import { loadConfig } from './src/config';
import { createDataSource } from './src/db/data-source';

/**
 * The DataSource the TypeORM CLI uses (`npx typeorm-ts-node-commonjs -d ormconfig.ts migration:run`).
 * It needs DATABASE_URL; the service itself starts an embedded PostgreSQL when that is unset.
 */
const url = loadConfig().databaseUrl;
if (!url) throw new Error('Set DATABASE_URL to use the TypeORM CLI (e.g. the URL `npm start` prints).');

export default createDataSource({ url, poolSize: 2, applicationName: 'typeorm-cli' });
