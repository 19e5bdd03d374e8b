/**
 * The console's HTTP calls: sign in, restore a session, and the stored token they produce; canned
 * responses and transcript downloads. Everything else goes over the agent socket.
 */
import {
  ERRORS,
  ERROR_CODES,
  HTTP,
  type AgentLoginRequest,
  type AgentSessionResponse,
  type CannedResponse,
  type ErrorCode,
} from '@parley/protocol';
import { clientError, toUiError, type UiError } from './errors.ts';
import { readStored, writeStored } from './storage.ts';

/** localStorage key of the agent's session token. */
export const TOKEN_STORAGE_KEY = 'parley:agent-token';

/** Thrown by the API functions; `status` is 0 when no HTTP response arrived at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly error: UiError;

  constructor(status: number, error: UiError) {
    super(error.message);
    this.name = 'ApiError';
    this.status = status;
    this.error = error;
  }

  /** True when the credentials are missing, wrong or expired: the agent must sign in again. */
  get unauthorized(): boolean {
    return this.status === ERRORS.UNAUTHORIZED.status;
  }
}

/** The stored session token, if any. */
export function readToken(): string | null {
  return readStored(TOKEN_STORAGE_KEY);
}

/** Remembers the session token (or forgets it with null, on log out or expiry). */
export function writeToken(token: string | null): void {
  writeStored(TOKEN_STORAGE_KEY, token);
}

/** Signs an agent in with email and password. */
export function login(credentials: AgentLoginRequest): Promise<AgentSessionResponse> {
  return requestJson<AgentSessionResponse>(HTTP.agentLogin, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
}

/** Restores a session from a stored token; rejects with an unauthorized `ApiError` when it expired. */
export function fetchMe(token: string): Promise<AgentSessionResponse> {
  return requestJson<AgentSessionResponse>(HTTP.agentMe, {
    headers: { authorization: `Bearer ${token}` },
  });
}

/** A site's canned responses (any agent of the site may read them). */
export async function fetchCannedResponses(token: string, siteId: string): Promise<CannedResponse[]> {
  const body = await requestJson<{ responses: CannedResponse[] }>(HTTP.cannedResponses(siteId), {
    headers: { authorization: `Bearer ${token}` },
  });
  return Array.isArray(body.responses) ? body.responses : [];
}

export type TranscriptFormat = 'txt' | 'json';

/** A conversation's transcript (internal notes left out) as a file to save. */
export async function fetchTranscript(
  token: string,
  conversationId: string,
  format: TranscriptFormat,
): Promise<{ blob: Blob; filename: string }> {
  const path = `${HTTP.transcript(conversationId)}?format=${format}`;
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(0, clientError('NETWORK'));
  }
  if (!response.ok) {
    const body: unknown = await response.json().catch(() => null);
    const errorBody = body && typeof body === 'object' && 'error' in body ? body.error : null;
    throw new ApiError(response.status, toUiError(errorBody, codeForStatus(response.status)));
  }
  const blob = await response.blob();
  return { blob, filename: attachmentName(response.headers.get('content-disposition')) ?? transcriptFilename(conversationId, format) };
}

/** The file name a transcript is saved under when the server does not name it. */
export function transcriptFilename(conversationId: string, format: TranscriptFormat): string {
  return `conversation-${conversationId.slice(0, 8)}.${format}`;
}

/** The plain `filename="…"` of a Content-Disposition header; only safe characters are kept. */
export function attachmentName(header: string | null): string | null {
  const match = header ? /filename="?([^";]+)"?/i.exec(header) : null;
  const name = match?.[1]?.replace(/[^\w.-]/g, '');
  return name ? name : null;
}

async function requestJson<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...init.headers } });
  } catch {
    throw new ApiError(0, clientError('NETWORK'));
  }
  // A proxy in front of the server can answer with HTML; treat an unreadable body as absent.
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const errorBody = body && typeof body === 'object' && 'error' in body ? body.error : null;
    throw new ApiError(response.status, toUiError(errorBody, codeForStatus(response.status)));
  }
  if (body === null) throw new ApiError(response.status, toUiError(null, 'INTERNAL'));
  return body as T;
}

/** The catalogue code for an HTTP status, used when the body did not say. */
function codeForStatus(status: number): ErrorCode {
  return ERROR_CODES.find((code) => ERRORS[code].status === status) ?? 'INTERNAL';
}
