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

/** An HMAC-SHA256 in unpadded base64url: 43 characters, the last one carrying 4 bits and 2 spare zero bits. */
const SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;
/** Seconds since the epoch, without leading zeros: one spelling per expiry. */
const EXPIRY = /^(0|[1-9]\d{0,11})$/;

/**
 * Checks the token against the invoice id in the URL; `now` in seconds. Only the canonical token
 * is accepted, the one signPdfToken writes: Node's base64url decoder would also take padding,
 * stray characters or a flipped spare bit as the same signature, and a zero-padded expiry would
 * sign the same number.
 */
export function verifyPdfToken(secret: Buffer, token: string | null, invoiceId: string, now = Math.floor(Date.now() / 1000)): PdfTokenCheck {
  const parts = (token ?? '').split('.');
  if (parts.length !== 3 || !isUuid(parts[0]) || !EXPIRY.test(parts[1]) || !SIGNATURE.test(parts[2]) || !isUuid(invoiceId)) {
    return { ok: false, reason: 'malformed' };
  }
  const [tenantId, exp, sig] = parts;
  const expected = mac(secret, { tenantId, invoiceId, expiresAt: Number(exp) });
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || given.toString('base64url') !== sig || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  if (Number(exp) <= now) return { ok: false, reason: 'expired' };
  return { ok: true, tenantId };
}
