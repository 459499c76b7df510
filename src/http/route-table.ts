import { healthRoute } from './health.route';
import { explorerAssetRoute, explorerPageRoute } from './explorer.routes';
import { invoicePdfRoute } from './invoice-pdf.route';
import { metricsRoute } from './metrics.route';
import { Route } from './routes';

/** Every non-GraphQL HTTP route of the service. */
export const ROUTES: Route[] = [healthRoute, explorerPageRoute, explorerAssetRoute, invoicePdfRoute, metricsRoute];
