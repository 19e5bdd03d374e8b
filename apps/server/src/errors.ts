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

/** True when the error is a database connection failure rather than a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' || // admin_shutdown
    code === '57P03' || // cannot_connect_now
    code === '08006' ||
    code === '08001' ||
    /Connection terminated|connect ECONNREFUSED/i.test(String((error as Error | null)?.message ?? ''))
  );
}

/** Maps any thrown value to an AppError; unknown errors become INTERNAL (details stay in the log). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (isDatabaseUnavailable(error)) return new AppError('UNAVAILABLE');
  return new AppError('INTERNAL');
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } } | null;
  return e?.code === '23505' || e?.cause?.code === '23505';
}
