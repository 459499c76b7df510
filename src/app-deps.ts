import { DataSource } from 'typeorm';
import { AppConfig } from './config';

/** What every resolver and service is built from: one per process. */
export interface AppDeps {
  dataSource: DataSource;
  config: AppConfig;
}
