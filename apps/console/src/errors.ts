/**
 * Errors as the UI shows them. Server errors carry a code from the protocol catalogue and a
 * message we display as sent; two extra codes cover failures that never reached the server.
 */
import { ERRORS, isErrorCode, type ErrorBody, type ErrorCode } from '@parley/protocol';
import type { Messages } from './i18n.ts';

/** `NETWORK`: the request could not be sent; `NO_RESPONSE`: a socket ack never arrived. */
export type ClientErrorCode = 'NETWORK' | 'NO_RESPONSE';

export interface UiError {
  code: ErrorCode | ClientErrorCode;
  message: string;
}

/**
 * Normalises whatever an HTTP error body or failed ack holds into a `UiError`. The input comes
 * off the wire, so it is checked rather than trusted; `fallback` names the code when it has none.
 */
export function toUiError(body: unknown, fallback: ErrorCode = 'INTERNAL'): UiError {
  const candidate = (body && typeof body === 'object' ? body : {}) as Partial<Record<keyof ErrorBody, unknown>>;
  const code = isErrorCode(candidate.code) ? candidate.code : fallback;
  const message = typeof candidate.message === 'string' && candidate.message ? candidate.message : ERRORS[code].message;
  return { code, message };
}

/** An error created on the client side (no server message to show). */
export function clientError(code: ClientErrorCode): UiError {
  return { code, message: code };
}

/**
 * The text to display: the server's own message for server errors (it knows best what went
 * wrong), a translated one for failures that happened before the server could answer.
 */
export function errorText(error: UiError, t: Messages): string {
  if (error.code === 'NETWORK') return t.errors.network;
  if (error.code === 'NO_RESPONSE') return t.errors.noResponse;
  return error.message;
}
