/**
 * AppError carries a protocol error code. Domain services throw it; the HTTP error handler and
 * the socket handler wrapper turn it (and anything else) into the same `{ code, message }` body.
 */
import { ERRORS, type ErrorBody, type ErrorCode } from '@parley/protocol';
import type { ZodError } from 'zod';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: ErrorBody['issues'];

  constructor(code: ErrorCode, message?: string, issues?: ErrorBody['issues']) {
    super(message ?? ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
  }

  get status(): number {
    return ERRORS[this.code].status;
  }

  toBody(): ErrorBody {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export function validationError(error: ZodError): AppError {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message }));
  const first = issues[0];
  const message = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : ERRORS.VALIDATION.message;
  return new AppError('VALIDATION', message, issues);
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08006',
]);

/**
 * True when the error (or what it wraps: drizzle wraps driver errors in `cause`) is a database
 * connection failure rather than a bad query.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error as { code?: string; message?: string; cause?: unknown } | null, depth = 0; e && depth < 5; depth++) {
    if ((e.code && UNAVAILABLE_CODES.has(e.code)) || /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(e.message ?? '')) return true;
    e = e.cause as typeof e;
  }
  return false;
}

/** Maps any thrown value to an AppError; unknown errors become INTERNAL (details stay in the log). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('UNAVAILABLE');
  return new AppError('INTERNAL');
}

/** A unique index refused a row (of `constraint`, when given); drizzle's error has it as its cause. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  type DbError = { code?: string; constraint?: string };
  const e = error as (DbError & { cause?: DbError }) | null;
  const violation = e?.code === '23505' ? e : e?.cause?.code === '23505' ? e.cause : undefined;
  return !!violation && (constraint === undefined || violation.constraint === constraint);
}
