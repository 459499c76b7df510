import type { AppDeps } from '../app-deps';
import { pdfSigningSecret, pdfSigningSecretIfLoaded } from './pdf-signing-secret';
import { signPdfToken } from './pdf-link-token';

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
  const links = linksOf(secret, deps.config.publicUrl, tenantId, expiresAt);
  let url = links.get(invoiceId);
  if (url === undefined) {
    if (++cachedLinks > MAX_CACHED_LINKS) clearLinks(secret);
    url = `${deps.config.publicUrl}${invoicePdfPath(invoiceId)}?token=${signPdfToken(secret, { tenantId, invoiceId, expiresAt })}`;
    links.set(invoiceId, url);
  }
  return url;
}

/**
 * A link is stable for an hour, so it is signed and written once per hour per invoice, not once
 * per row served (a page of 25 links was 3 % of a list query's CPU). The links of one tenant for
 * one expiry and public URL are kept together, keyed by invoice id alone; bounded, cleared when
 * full (a miss only costs one HMAC).
 */
const MAX_CACHED_LINKS = 50_000;
let cachedLinks = 0;

interface TenantLinks {
  expiresAt: number;
  publicUrl: string;
  links: Map<string, string>;
}

const bySecret = new WeakMap<Buffer, Map<string, TenantLinks>>();

function linksOf(secret: Buffer, publicUrl: string, tenantId: string, expiresAt: number): Map<string, string> {
  let byTenant = bySecret.get(secret);
  if (!byTenant) bySecret.set(secret, (byTenant = new Map()));
  let entry = byTenant.get(tenantId);
  if (!entry || entry.expiresAt !== expiresAt || entry.publicUrl !== publicUrl) {
    cachedLinks -= entry?.links.size ?? 0;
    byTenant.set(tenantId, (entry = { expiresAt, publicUrl, links: new Map() }));
  }
  return entry.links;
}

/** Empties every tenant's links; the one about to be added is then the only one counted. */
function clearLinks(secret: Buffer): void {
  for (const entry of bySecret.get(secret)?.values() ?? []) entry.links.clear();
  cachedLinks = 1;
}
