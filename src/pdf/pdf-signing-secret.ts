import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../app-deps';

const SETTING = 'pdf_signing_secret';

/** One lookup per process (and per deps, so tests with several services stay apart). */
const secrets = new WeakMap<AppDeps, Promise<Buffer>>();
const loaded = new WeakMap<AppDeps, Buffer>();

/** The secret once it has been read (null before): lets hot paths sign without awaiting. */
export const pdfSigningSecretIfLoaded = (deps: AppDeps): Buffer | null => loaded.get(deps) ?? null;

/**
 * The key that signs invoice PDF links: PDF_SIGNING_SECRET when configured, otherwise a random
 * secret generated once and stored in `service_setting`, so that every worker process (and every
 * machine on the same database) signs and verifies with the same key. The insert is
 * race-free: the first writer wins and everybody reads the winner.
 */
export function pdfSigningSecret(deps: AppDeps): Promise<Buffer> {
  let secret = secrets.get(deps);
  if (!secret) {
    secret = loadSecret(deps);
    secrets.set(deps, secret);
    secret.then((value) => loaded.set(deps, value), () => undefined);
    secret.catch(() => secrets.delete(deps));
  }
  return secret;
}

async function loadSecret(deps: AppDeps): Promise<Buffer> {
  if (deps.config.pdfSigningSecret) return Buffer.from(deps.config.pdfSigningSecret, 'utf8');
  await deps.dataSource.query(
    'INSERT INTO service_setting (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING',
    [SETTING, randomBytes(32).toString('base64url')],
  );
  const [row] = await deps.dataSource.query('SELECT value FROM service_setting WHERE name = $1', [SETTING]);
  return Buffer.from(row.value as string, 'utf8');
}
