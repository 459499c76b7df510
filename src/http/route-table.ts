import { healthRoute } from './health.route';
import { explorerAssetRoute, explorerPageRoute } from '../explorer/explorer.routes';
import { invoicePdfRoute } from '../pdf/invoice-pdf.route';
import { metricsRoute } from '../observability/metrics.route';
import { Route } from './routes';

/** Every non-GraphQL HTTP route of the service. */
export const ROUTES: Route[] = [healthRoute, explorerPageRoute, explorerAssetRoute, invoicePdfRoute, metricsRoute];
