import { DataSource } from 'typeorm';
import { AppConfig } from './config';

/** What every resolver and service is built from: one per process. */
export interface AppDeps {
  dataSource: DataSource;
  config: AppConfig;
}

/** A loop the service runs beside the HTTP server (e.g. the scheduled-activation worker). */
export interface BackgroundJob {
  name: string;
  start(deps: AppDeps): { stop(): Promise<void> };
}
