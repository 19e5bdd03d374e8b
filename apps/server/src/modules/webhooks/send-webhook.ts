/**
 * One webhook HTTP request: POST the body with its headers, through the SSRF guard, within a
 * timeout. Never follows redirects; keeps only the start of the response for the delivery log.
 */
import http from 'node:http';
import https from 'node:https';
import { assertLiteralAllowed, ForbiddenAddressError, guardedLookup, isAllowedHost } from './address-guard.ts';

export interface SendResult {
  ok: boolean;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseSnippet: string | null;
  /** The address is not allowed: retrying would not help. */
  refused: boolean;
}

const SNIPPET_BYTES = 1024;
const SNIPPET_CHARS = 500;

export interface SendOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  allowedHosts: string[];
  signal?: AbortSignal;
}

export async function sendWebhook(options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (result: Omit<SendResult, 'durationMs'>): SendResult => ({ ...result, durationMs: Math.round(performance.now() - started) });
  let url: URL;
  try {
    url = new URL(options.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('unsupported scheme');
    assertLiteralAllowed(url, options.allowedHosts);
  } catch (error) {
    const refused = error instanceof ForbiddenAddressError;
    return done({ ok: false, statusCode: null, error: refused ? `Refused: ${error.message}` : 'Invalid URL', responseSnippet: null, refused: true });
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<SendResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(done(result));
    };
    const fail = (error: Error) => {
      const refused = error instanceof ForbiddenAddressError;
      finish({ ok: false, statusCode: null, error: refused ? `Refused: ${error.message}` : describe(error), responseSnippet: null, refused });
    };
    const request = client.request(url, {
      method: 'POST',
      headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
      // A new connection each time, resolved through the guard unless the operator allowed the host.
      agent: false,
      lookup: isAllowedHost(url, options.allowedHosts) ? undefined : guardedLookup(),
    });
    const timer = setTimeout(() => fail(new Error(`Timed out after ${options.timeoutMs / 1000} s`)), options.timeoutMs);
    const onAbort = () => fail(new Error('Cancelled: the server is shutting down'));
    options.signal?.addEventListener('abort', onAbort);
    request.on('error', fail);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const complete = () => {
        const status = response.statusCode ?? 0;
        const snippet = Buffer.concat(chunks).subarray(0, SNIPPET_BYTES).toString('utf8').slice(0, SNIPPET_CHARS) || null;
        const ok = status >= 200 && status < 300;
        const error = ok ? null : status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
        finish({ ok, statusCode: status, error, responseSnippet: snippet, refused: false });
      };
      response.on('data', (chunk: Buffer) => {
        if (size < SNIPPET_BYTES) chunks.push(chunk);
        size += chunk.length;
        // Enough to show; the status is what counts.
        if (size >= SNIPPET_BYTES) complete();
      });
      response.on('end', complete);
      response.on('error', complete);
    });
    request.end(options.body);
  });
}

function describe(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return 'Connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Host name not found';
  if (code === 'ECONNRESET') return 'Connection reset';
  return (code ? `${code}: ` : '') + error.message.slice(0, 300);
}
