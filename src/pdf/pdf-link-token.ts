import { createHmac, timingSafeEqual } from 'node:crypto';
import { isUuid } from '../common/uuid';

/**
 * Signed, expiring PDF links: `<tenantId>.<expiresAtSeconds>.<hmac>` where the HMAC-SHA256 covers
 * the tenant, the invoice id (from the URL path) and the expiry. The link opens without an API
 * key; changing any of the three, or waiting past the expiry, makes it invalid.
 */
export interface PdfLinkClaims {
  tenantId: string;
  invoiceId: string;
  expiresAt: number;
}

function mac(secret: Buffer, c: PdfLinkClaims): Buffer {
  return createHmac('sha256', secret).update(`invoice-pdf:v1:${c.tenantId}:${c.invoiceId}:${c.expiresAt}`).digest();
}

export function signPdfToken(secret: Buffer, claims: PdfLinkClaims): string {
  return `${claims.tenantId}.${claims.expiresAt}.${mac(secret, claims).toString('base64url')}`;
}

export type PdfTokenCheck = { ok: true; tenantId: string } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

/** Checks the token against the invoice id in the URL; `now` in seconds. */
export function verifyPdfToken(secret: Buffer, token: string | null, invoiceId: string, now = Math.floor(Date.now() / 1000)): PdfTokenCheck {
  const parts = (token ?? '').split('.');
  if (parts.length !== 3 || !isUuid(parts[0]) || !/^\d{1,12}$/.test(parts[1]) || !isUuid(invoiceId)) return { ok: false, reason: 'malformed' };
  const [tenantId, exp, sig] = parts;
  const expected = mac(secret, { tenantId, invoiceId, expiresAt: Number(exp) });
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  if (Number(exp) <= now) return { ok: false, reason: 'expired' };
  return { ok: true, tenantId };
}
