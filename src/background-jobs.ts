import type { BackgroundJob } from './app-deps';

/** Jobs started with the service; each must be safe with several processes on one database. */
export const BACKGROUND_JOBS: BackgroundJob[] = [];

// Payments helper: expired idempotency keys (kept >= 24 h) are deleted hourly.
import { idempotencyCleanupJob } from './idempotency/idempotency-cleanup.job';
BACKGROUND_JOBS.push(idempotencyCleanupJob);

// Lifecycle helper: PENDING_ACTIVATION invoices become ACTIVE when their activateOn date comes.
import { scheduledActivationJob } from './invoices/commands/scheduled-activation.job';
BACKGROUND_JOBS.push(scheduledActivationJob);

// Hardening: requests waiting on a PostgreSQL that stopped answering fail within a bounded time.
import { databaseWatchdogJob } from './db/database-watchdog';
BACKGROUND_JOBS.push(databaseWatchdogJob);
