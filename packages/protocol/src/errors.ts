/**
 * The one catalogue of error codes. Every transport maps these: HTTP uses `status`,
 * socket acks carry `{ code, message }`. A test keeps this table, the docs and the types in step.
 */
export const ERRORS = {
  VALIDATION: { status: 400, message: 'The request is not valid.' },
  UNAUTHORIZED: { status: 401, message: 'Sign in again: the credentials are missing, wrong or expired.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do that.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This site does not allow the chat widget on this origin.' },
  URL_NOT_ALLOWED: { status: 400, message: 'That address cannot receive webhooks: it is local, private or reserved.' },
  NOT_FOUND: { status: 404, message: 'Not found.' },
  CONFLICT: { status: 409, message: 'That conflicts with the current state.' },
  QUEUE_FULL: { status: 409, message: 'Every agent is busy and the queue is full. Leave a message instead.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Slow down and try again shortly.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  UNAVAILABLE: { status: 503, message: 'The service is temporarily unavailable. Try again shortly.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERRORS;
export const ERROR_CODES = Object.keys(ERRORS) as ErrorCode[];

/** The error body of every HTTP error response and every failed socket ack. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Field-level details for VALIDATION errors. */
  issues?: { path: string; message: string }[];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERRORS, value);
}
