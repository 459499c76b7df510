import type { IncomingMessage } from 'node:http';
import { Route } from './routes';
import { explorerAsset, EXPLORER_ASSETS_PATH } from '../explorer/explorer-assets';
import { explorerPage } from '../explorer/explorer-page';

const GRAPHQL_PATH = '/graphql';

/** A browser navigating to /graphql (Accept: text/html) gets the explorer; API clients never do. */
function wantsHtml(req: IncomingMessage): boolean {
  const accept = String(req.headers.accept ?? '').toLowerCase();
  if (!accept.includes('text/html')) return false;
  // A GraphQL-over-HTTP GET (?query=...) stays the API even from a browser.
  return !/[?&]query=/.test(req.url ?? '');
}

let page: string | undefined;

/** GET /graphql for browsers (unless GRAPHQL_EXPLORER=false). POST /graphql stays the API. */
export const explorerPageRoute: Route = {
  method: 'GET',
  path: GRAPHQL_PATH,
  accepts: wantsHtml,
  handle(_req, res, { deps }) {
    if (!deps.config.explorer) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The explorer is disabled (GRAPHQL_EXPLORER=false). POST GraphQL requests to /graphql.\n');
      return;
    }
    page ??= explorerPage(GRAPHQL_PATH);
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': Buffer.byteLength(page),
      'cache-control': 'no-cache',
      // Everything the page loads comes from this service.
      'content-security-policy': "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'",
    });
    res.end(page);
  },
};

/** GET /explorer/assets/<name>: GraphiQL and React from node_modules (see explorer-assets.ts). */
export const explorerAssetRoute: Route = {
  method: 'GET',
  path: /^\/explorer\/assets\/([A-Za-z0-9.-]+)$/,
  handle(_req, res, { deps, params }) {
    const asset = deps.config.explorer ? explorerAsset(params[0]) : undefined;
    if (!asset) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`No explorer asset ${EXPLORER_ASSETS_PATH}${params[0]}\n`);
      return;
    }
    res.writeHead(200, { 'content-type': asset.type, 'content-length': asset.body.length, 'cache-control': 'public, max-age=86400' });
    res.end(asset.body);
  },
};
