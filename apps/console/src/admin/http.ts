/**
 * Authenticated JSON requests for the settings and the dashboard: `Authorization: Bearer <token>`,
 * errors as `ApiError` carrying the server's `{ error: { code, message } }` (or a network error),
 * 204 as undefined, and file downloads (CSV) through the same header.
 */
import { ERRORS, ERROR_CODES, type ErrorCode } from '@parley/protocol';
import { ApiError } from '../api.ts';
import { clientError, toUiError } from '../errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The catalogue code for an HTTP status, used when the body did not say. */
function codeForStatus(status: number): ErrorCode {
  return ERROR_CODES.find((code) => ERRORS[code].status === status) ?? 'INTERNAL';
}

async function send(token: string, path: string, method: Method, body: unknown, accept: string): Promise<Response> {
  const headers: Record<string, string> = { accept, authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, clientError('NETWORK'));
  }
  if (!response.ok) {
    // A proxy in front of the server can answer with HTML; treat an unreadable body as absent.
    const data: unknown = await response.json().catch(() => null);
    const error = data && typeof data === 'object' && 'error' in data ? data.error : null;
    throw new ApiError(response.status, toUiError(error, codeForStatus(response.status)));
  }
  return response;
}

/** A JSON request; resolves with the body (undefined for 204 No Content). */
export async function apiRequest<T>(token: string, path: string, method: Method = 'GET', body?: unknown): Promise<T> {
  const response = await send(token, path, method, body, 'application/json');
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => null);
  if (data === null) throw new ApiError(response.status, toUiError(null, 'INTERNAL'));
  return data as T;
}

/** The file name of a `content-disposition` header, if it names one. */
export function filenameFromDisposition(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(header)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim().replace(/^"|"$/g, ''));
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  const name = (plain?.[2] ?? plain?.[1])?.trim();
  return name || fallback;
}

/**
 * Downloads a file that needs the bearer token (a plain link cannot send it): fetched, then saved
 * through a temporary object URL under the server's file name.
 */
export async function downloadFile(token: string, path: string, fallbackName: string): Promise<void> {
  const response = await send(token, path, 'GET', undefined, 'text/csv, */*');
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filenameFromDisposition(response.headers.get('content-disposition'), fallbackName);
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked a little later: some browsers read the URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
