import { progress } from '../src/observability/progress';
import { SeedMix } from '../src/seed/seed-invoice-batch';
import { seedInvoices } from '../src/seed/seed-invoices';
import { tenantWithFreshKey } from '../src/seed/seed-tenant';
import { runCli, withCliDatabase } from './cli-database';

const USAGE = `Usage: npm run seed -- [--invoices N] [--tenant NAME] [--customers N] [--mix realistic|draft|active-unpaid]
       [--batch N] [--concurrency N]
Adds N invoices (default 200) to the tenant NAME (default "Demo", created if missing) and prints
{"tenantId","apiKey"} (a fresh key) as the last line.`;

function parseArgs(argv: string[]): { invoices: number; tenant: string; customers?: number; mix: SeedMix; batch?: number; concurrency?: number } {
  const args = { invoices: 200, tenant: 'Demo', customers: undefined as number | undefined, mix: 'realistic' as SeedMix, batch: undefined as number | undefined, concurrency: undefined as number | undefined };
  const count = (flag: string, raw: string | undefined): number => {
    const value = Number(String(raw).replace(/_/g, ''));
    if (!Number.isInteger(value) || value < 0) throw new Error(`${flag} needs a non-negative integer, got "${raw}"\n${USAGE}`);
    return value;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--invoices': args.invoices = count(flag, value()); break;
      case '--customers': args.customers = count(flag, value()); break;
      case '--batch': args.batch = count(flag, value()); break;
      case '--concurrency': args.concurrency = Math.max(1, count(flag, value())); break;
      case '--tenant': args.tenant = String(value() ?? '').trim() || 'Demo'; break;
      case '--mix': {
        const mix = value();
        if (mix !== 'realistic' && mix !== 'draft' && mix !== 'active-unpaid') throw new Error(`Unknown --mix "${mix}"\n${USAGE}`);
        args.mix = mix;
        break;
      }
      case '--help': case '-h': console.error(USAGE); process.exit(0); break;
      default: throw new Error(`Unknown argument "${argv[i]}"\n${USAGE}`);
    }
  }
  return args;
}

/** npm run seed -- --invoices N: realistic demo data, loaded set-based (1M invoices in minutes). */
runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  await withCliDatabase(async (db) => {
    const issued = await tenantWithFreshKey(db.dataSource, args.tenant);
    console.error(`${issued.created ? 'Created' : 'Reusing'} tenant "${args.tenant}" (${issued.tenantId}).`);
    const bar = progress(args.invoices, 'seeding invoices');
    const summary = await seedInvoices(db.dataSource, {
      tenantId: issued.tenantId, invoices: args.invoices, customers: args.customers, mix: args.mix, batchSize: args.batch,
      concurrency: args.concurrency,
      onBatch: (n) => bar.tick(n),
    });
    bar.done();
    console.error(
      `Seeded ${summary.invoices} invoices (${summary.firstInvoiceNumber ?? '-'}..${summary.lastInvoiceNumber ?? '-'}), ` +
        `${summary.customers} customers, ${summary.lineItems} line items, ${summary.payments} payments, ` +
        `${summary.refunds} refunds, ${summary.comments} comments, ${summary.history} history entries in ${summary.seconds.toFixed(1)}s.`,
    );
    console.log(JSON.stringify({ tenantId: issued.tenantId, apiKey: issued.apiKey }));
  }, 4);
});
