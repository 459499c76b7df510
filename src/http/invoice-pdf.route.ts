import { Route, sendJson } from './routes';
import { loadInvoicePdfData } from '../pdf/invoice-pdf.data';
import { renderInvoicePdf } from '../pdf/invoice-pdf.render';
import { verifyPdfToken } from '../pdf/pdf-link-token';
import { pdfSigningSecret } from '../pdf/pdf-signing-secret';

/**
 * GET /invoices/<id>/pdf?token=...: the invoice as a PDF, for anyone holding a valid link (no
 * API key: it opens in a browser or an e-mail client). The token's tenant scopes every read,
 * so a valid link of one tenant never shows another tenant's invoice.
 */
export const invoicePdfRoute: Route = {
  method: 'GET',
  path: /^\/invoices\/([^/]+)\/pdf$/,
  async handle(_req, res, { deps, params, url }) {
    const invoiceId = params[0]; // a UUID or refused by the token check: no decoding needed
    const check = verifyPdfToken(await pdfSigningSecret(deps), url.searchParams.get('token'), invoiceId);
    if (!check.ok) {
      const message = check.reason === 'expired' ? 'This invoice link has expired: ask for a new one (query invoicePdf again)' : 'Invalid invoice link';
      sendJson(res, 403, { error: message, code: check.reason === 'expired' ? 'PDF_LINK_EXPIRED' : 'PDF_LINK_INVALID' });
      return;
    }
    const data = await loadInvoicePdfData(deps.dataSource, check.tenantId, invoiceId);
    if (!data) {
      sendJson(res, 404, { error: 'Invoice not found', code: 'INVOICE_NOT_FOUND' });
      return;
    }
    const pdf = await renderInvoicePdf(data);
    const filename = `${data.invoice.invoiceNumber.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
    res.writeHead(200, {
      'content-type': 'application/pdf',
      'content-length': pdf.length,
      'content-disposition': `inline; filename="${filename}"`,
      // The link is a bearer credential: keep it and the document out of shared caches.
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
    });
    res.end(pdf);
  },
};
