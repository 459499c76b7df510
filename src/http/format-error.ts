import { GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ERROR_CATALOGUE, ErrorCode } from '../common/errors';
import { flattenValidationErrors, ValidationErrorLike } from '../schema/validate-argument';

const PG_UNAVAILABLE = /^(08|57P0[1-3]|53300)/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND']);

export function isDatabaseUnavailable(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  if (!e) return false;
  if (typeof e.code === 'string' && (PG_UNAVAILABLE.test(e.code) || NETWORK_CODES.has(e.code))) return true;
  // graphql wraps a thrown value that is not an Error of its realm (e.g. a socket error under jest's vm) as NonErrorThrown.
  const thrown = (error as { thrownValue?: unknown }).thrownValue;
  if (thrown && thrown !== error && isDatabaseUnavailable(thrown)) return true;
  // TypeORM releases a transaction's runner when its connection dies; the transaction's next query then throws this.
  if (/^QueryRunner(Provider)?AlreadyReleasedError$/.test((error as Error).name ?? '')) return true;
  // 'Client was closed': a connection the database watchdog ended (src/db/database-watchdog.ts) before the request used it.
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|terminating connection/i.test(e.message ?? '');
}

/** 'Variable "$i" got invalid value "x" at "i.lines[0].price"; ...' -> ['i', 'lines', 0, 'price']. */
export function variableValuePath(message: string | undefined): Array<string | number> | undefined {
  const m = /^Variable "\$(\w+)" got invalid value .*?(?: at "([^"]+)")?;/s.exec(message ?? '');
  if (!m) return undefined;
  if (!m[2]) return [m[1]];
  return m[2].split(/\.|\[(\d+)\]/).filter((part) => part !== undefined && part !== '').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function withCode(formatted: GraphQLFormattedError, code: ErrorCode, message: string, extra: Record<string, unknown> = {}): GraphQLFormattedError {
  return {
    ...formatted,
    message,
    extensions: { code, ...extra, ...(ERROR_CATALOGUE[code].retryable ? { retryable: true } : {}) },
  };
}

/**
 * The one mapper from anything thrown to a client error: domain errors pass through,
 * class-validator failures become VALIDATION_FAILED per field, database outages become a
 * retryable DATABASE_UNAVAILABLE, and everything unexpected is masked.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const inner = (original as { originalError?: unknown })?.originalError ?? original;
  const app = original instanceof AppError ? original : inner instanceof AppError ? inner : undefined;
  if (app) {
    const extensions: Record<string, unknown> = { ...app.extensions };
    // A scalar refusing a variable (e.g. a bad Decimal) does not know where the value was; GraphQL's wrapper does.
    if (!extensions.path && original !== app) {
      const path = variableValuePath((original as Error)?.message);
      if (path) extensions.path = path;
    }
    return { ...formatted, message: app.message, extensions };
  }

  // type-graphql 2 rc puts them in `extensions.validationErrors` (ArgumentValidationError).
  const validation =
    (original as { validationErrors?: ValidationErrorLike[] })?.validationErrors ??
    (original as { extensions?: { validationErrors?: ValidationErrorLike[] } })?.extensions?.validationErrors;
  if (Array.isArray(validation)) {
    const argName = (original as { argumentName?: string }).argumentName;
    const fields = flattenValidationErrors(validation, argName ? [argName] : []);
    return withCode(formatted, 'VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'Validation failed', {
      path: fields[0]?.path,
      fields: fields.map(({ field, message }) => ({ field, message })),
    });
  }

  if (isDatabaseUnavailable(original) || isDatabaseUnavailable(inner)) {
    return withCode(formatted, 'DATABASE_UNAVAILABLE', 'The database is unavailable; nothing was committed, retry the request');
  }
  const pgCode = (inner as { code?: string })?.code;
  if (pgCode === '22P02' || pgCode === '22007' || pgCode === '22008' || pgCode === '22003') {
    return withCode(formatted, 'BAD_USER_INPUT', `Invalid value: ${(inner as Error).message}`);
  }

  const code = formatted.extensions?.code;
  if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
  return withCode(formatted, 'INTERNAL_SERVER_ERROR', 'Internal server error');
}
