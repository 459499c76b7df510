import { runCli, withCliDatabase } from './cli-database';

/** npm run migrate: applies pending migrations (the service also does so on start). */
runCli(async () => {
  await withCliDatabase(async (db) => {
    const rows: Array<{ name: string }> = await db.dataSource.query('SELECT name FROM migrations ORDER BY id');
    console.log(`Migrations applied: ${rows.map((r) => r.name).join(', ')}`);
  });
});
