import { AppDeps } from './app-deps';

/** A loop the service runs beside the HTTP server (e.g. the scheduled-activation worker). */
export interface BackgroundJob {
  name: string;
  start(deps: AppDeps): { stop(): Promise<void> };
}

/** Jobs started with the service; each must be safe with several processes on one database. */
export const BACKGROUND_JOBS: BackgroundJob[] = [];
