/**
 * The widget's HTTP calls: the visitor session (POST the site key and any earlier token, get back a
 * (renewed) token, the visitor and the public site settings), identify, and the public widget
 * config. Never throw: failures come back as an error body, shaped like a failed socket ack, so
 * the panel can show them.
 */
import {
  ERROR_CODES,
  ERRORS,
  HTTP,
  isErrorCode,
  type Ack,
  type ErrorBody,
  type IdentifyVisitorRequest,
  type PublicSite,
  type VisitorSessionRequest,
  type VisitorSessionResponse,
} from '@parley/protocol';

/**
 * Fetches JSON from the server (no cookies: the token travels in the body) and checks its shape.
 * GET when there is no body.
 */
export async function callApi<T>(url: string, body: object | null, isValid: (json: unknown) => json is T): Promise<Ack<T>> {
  let response: Response;
  try {
    response = await fetch(
      url,
      body
        ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' }
        : { credentials: 'omit' },
    );
  } catch {
    return { ok: false, error: { code: 'UNAVAILABLE', message: ERRORS.UNAVAILABLE.message } };
  }
  const json: unknown = await response.json().catch(() => null);
  if (response.ok && isValid(json)) return { ok: true, data: json };
  return { ok: false, error: toErrorBody(json, response.status) };
}

/** Where the visitor is and what their browser says, for the agent (sent with every session). */
export function visitorContext(): Pick<VisitorSessionRequest, 'page' | 'locale' | 'timeZone'> {
  const context: Pick<VisitorSessionRequest, 'page' | 'locale' | 'timeZone'> = {
    page: { url: location.href.slice(0, 2000), title: document.title.slice(0, 300) },
  };
  if (navigator.language) context.locale = navigator.language.slice(0, 35);
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) context.timeZone = zone.slice(0, 64);
  } catch {
    // No time zone support: the agent simply does not see one.
  }
  return context;
}

/** Creates or renews the visitor session for a site. */
export function requestSession(baseUrl: string, siteKey: string, token: string | null): Promise<Ack<VisitorSessionResponse>> {
  const body: VisitorSessionRequest = { siteKey, ...(token ? { token } : {}), ...visitorContext() };
  return callApi(baseUrl + HTTP.visitorSession, body, isSessionResponse);
}

/** `Parley('identify', …)`: the answer may carry another token (a verified user known from another device). */
export function requestIdentify(baseUrl: string, body: IdentifyVisitorRequest): Promise<Ack<VisitorSessionResponse>> {
  return callApi(baseUrl + HTTP.visitorIdentify, body, isSessionResponse);
}

/** The public site settings, without creating a visitor (greetings, colour, channels before any chat). */
export function fetchConfig(baseUrl: string, siteKey: string): Promise<Ack<PublicSite>> {
  return callApi(`${baseUrl}${HTTP.widgetConfig}?siteKey=${encodeURIComponent(siteKey)}`, null, isPublicSite);
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
function isPublicSite(json: unknown): json is PublicSite {
  const value = json as Partial<PublicSite> | null;
  return Array.isArray(value?.channels) && !!value.widget;
}

function isSessionResponse(json: unknown): json is VisitorSessionResponse {
  const value = json as Partial<VisitorSessionResponse> | null;
  return typeof value?.token === 'string' && isPublicSite(value.site) && !!value.visitor;
}
