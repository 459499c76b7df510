/**
 * Imported first by the service entry point: graphql-js reads NODE_ENV once, at load time, and in
 * development mode runs extra instanceof checks on every value it touches (about a third of the
 * CPU of a list query). The service runs in production mode unless the operator says otherwise.
 */
process.env.NODE_ENV ??= 'production';
