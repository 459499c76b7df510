import { poolOf } from '../common/pools';
import { Route, sendJson } from './routes';

/** GET /health: 200 with the database's state when PostgreSQL answers, 503 when it does not. */
export const healthRoute: Route = {
  method: 'GET',
  path: '/health',
  async handle(_req, res, { deps }) {
    const started = Date.now();
    try {
      const [row] = await deps.dataSource.query(
        "SELECT current_setting('server_version') AS version, (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database())::int AS connections",
      );
      const pool = poolOf(deps.dataSource);
      sendJson(res, 200, {
        status: 'ok',
        database: {
          status: 'up',
          serverVersion: row.version,
          connections: row.connections,
          latencyMs: Date.now() - started,
          pool: { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount },
        },
        uptimeSeconds: Math.round(process.uptime()),
      });
    } catch (error) {
      sendJson(res, 503, { status: 'unavailable', database: { status: 'down', error: (error as Error).message } });
    }
  },
};
