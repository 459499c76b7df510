import { healthRoute } from './health.route';
import { Route } from './routes';

/** Every non-GraphQL HTTP route of the service. */
export const ROUTES: Route[] = [healthRoute];
