import pino, { DestinationStream, Logger } from 'pino';
import type { AppConfig } from '../config';

/**
 * Secrets and payment details never reach the logs: we do not log headers or variables in the
 * first place, and these paths are censored anyway in case a caller passes such an object.
 */
export const REDACT_PATHS = [
  'apiKey', '*.apiKey', 'key', '*.key', 'token', '*.token',
  'headers["x-api-key"]', 'headers.authorization', 'headers.cookie',
  '*.headers["x-api-key"]', '*.headers.authorization', '*.headers.cookie',
  'variables', '*.variables', 'input', '*.input',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { pid: process.pid, service: 'billing' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

const loggers = new WeakMap<AppConfig, Logger>();

/** The process's logger for this configuration (LOG_LEVEL), JSON lines on stdout. */
export function loggerFor(config: AppConfig): Logger {
  let logger = loggers.get(config);
  if (!logger) {
    logger = createLogger(config.logLevel);
    loggers.set(config, logger);
  }
  return logger;
}

/** Lets a test (or an embedding program) send this configuration's logs elsewhere. */
export function useLogger(config: AppConfig, logger: Logger): void {
  loggers.set(config, logger);
}
