/**
 * The visitor session over HTTP: POST the site key and any earlier token, get back a (renewed)
 * token, the visitor and the public site settings. Never throws: failures come back as an error
 * body, shaped like a failed socket ack, so the panel can show them.
 */
import {
  ERROR_CODES,
  ERRORS,
  HTTP,
  isErrorCode,
  type Ack,
  type ErrorBody,
  type VisitorSessionRequest,
  type VisitorSessionResponse,
} from '@parley/protocol';

/** Creates or renews the visitor session for a site. */
export async function requestSession(
  baseUrl: string,
  siteKey: string,
  token: string | null,
): Promise<Ack<VisitorSessionResponse>> {
  const body: VisitorSessionRequest = token ? { siteKey, token } : { siteKey };
  let response: Response;
  try {
    response = await fetch(baseUrl + HTTP.visitorSession, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // The token travels in the body; no cookies are needed or sent.
      credentials: 'omit',
    });
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: ERRORS.UNAVAILABLE.message } };
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok && isSessionResponse(json)) return { ok: true, data: json };
  return { ok: false, error: toErrorBody(json, response.status) };
}

/** Reads `{ error: { code, message } }`; falls back to the catalogue entry for the HTTP status. */
export function toErrorBody(json: unknown, status: number): ErrorBody {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && isErrorCode(error.code)) {
    return {
      code: error.code,
      message: typeof error.message === 'string' ? error.message : ERRORS[error.code].message,
    };
  }
  const code = ERROR_CODES.find((c) => ERRORS[c].status === status) ?? 'INTERNAL';
  return { code, message: ERRORS[code].message };
}

/** A light shape check: enough that the rest of the widget can rely on these fields. */
function isSessionResponse(json: unknown): json is VisitorSessionResponse {
  const value = json as Partial<VisitorSessionResponse> | null;
  return typeof value?.token === 'string' && Array.isArray(value.site?.channels) && !!value.site.widget;
}
