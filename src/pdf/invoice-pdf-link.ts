import type { AppDeps } from '../app-deps';
import { pdfSigningSecret, pdfSigningSecretIfLoaded } from './pdf-signing-secret';
import { PdfLinkClaims, signPdfToken } from './pdf-link-token';

/** Expiries are rounded up to the hour so one invoice's link is stable for an hour (cacheable). */
const EXPIRY_STEP_SECONDS = 3600;

export const invoicePdfPath = (invoiceId: string) => `/invoices/${invoiceId}/pdf`;

/**
 * The invoice's PDF URL: signed from the tenant and the id alone, so listing a thousand
 * invoices with `invoicePdf` costs no query per invoice (the secret is read once per process).
 */
export function invoicePdfUrl(deps: AppDeps, tenantId: string, invoiceId: string, now = Date.now()): string | Promise<string> {
  // Synchronous once the secret is known: a page of invoices then creates no promise per row.
  const secret = pdfSigningSecretIfLoaded(deps);
  if (!secret) return pdfSigningSecret(deps).then(() => invoicePdfUrl(deps, tenantId, invoiceId, now));
  const minExpiry = Math.floor(now / 1000) + deps.config.pdfLinkTtlSeconds;
  const expiresAt = Math.ceil(minExpiry / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
  return `${deps.config.publicUrl}${invoicePdfPath(invoiceId)}?token=${signedToken(secret, { tenantId, invoiceId, expiresAt })}`;
}

/**
 * A link is stable for an hour, so its HMAC is computed once per hour per invoice, not once
 * per row served. Bounded: cleared when full (a miss only costs one HMAC).
 */
const MAX_CACHED_TOKENS = 50_000;
const tokens = new WeakMap<Buffer, Map<string, string>>();

function signedToken(secret: Buffer, claims: PdfLinkClaims): string {
  let cache = tokens.get(secret);
  if (!cache) tokens.set(secret, (cache = new Map()));
  const key = `${claims.tenantId}:${claims.invoiceId}:${claims.expiresAt}`;
  let token = cache.get(key);
  if (token === undefined) {
    if (cache.size >= MAX_CACHED_TOKENS) cache.clear();
    token = signPdfToken(secret, claims);
    cache.set(key, token);
  }
  return token;
}
