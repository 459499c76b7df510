import type { AppDeps } from '../app-deps';
import { pdfSigningSecret } from './pdf-signing-secret';
import { signPdfToken } from './pdf-link-token';

/** Expiries are rounded up to the hour so one invoice's link is stable for an hour (cacheable). */
const EXPIRY_STEP_SECONDS = 3600;

export const invoicePdfPath = (invoiceId: string) => `/invoices/${invoiceId}/pdf`;

/**
 * The invoice's PDF URL: signed from the tenant and the id alone, so listing a thousand
 * invoices with `invoicePdf` costs no query per invoice (the secret is read once per process).
 */
export async function invoicePdfUrl(deps: AppDeps, tenantId: string, invoiceId: string, now = Date.now()): Promise<string> {
  const secret = await pdfSigningSecret(deps);
  const minExpiry = Math.floor(now / 1000) + deps.config.pdfLinkTtlSeconds;
  const expiresAt = Math.ceil(minExpiry / EXPIRY_STEP_SECONDS) * EXPIRY_STEP_SECONDS;
  const token = signPdfToken(secret, { tenantId, invoiceId, expiresAt });
  return `${deps.config.publicUrl}${invoicePdfPath(invoiceId)}?token=${token}`;
}
