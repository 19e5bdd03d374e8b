import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../src/api.ts';
import { apiRequest, filenameFromDisposition } from '../src/admin/http.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(response: () => Promise<Response>) {
  const fetch = vi.fn(response);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('apiRequest', () => {
  it('sends the bearer token and JSON, and returns the body', async () => {
    const fetch = stubFetch(async () => Response.json({ id: 'x' }, { status: 201 }));
    await expect(apiRequest('tok', '/api/x', 'POST', { name: 'A' })).resolves.toEqual({ id: 'x' });
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/x');
    expect(init.method).toBe('POST');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
    expect(init.body).toBe('{"name":"A"}');
  });

  it('resolves 204 as undefined', async () => {
    stubFetch(async () => new Response(null, { status: 204 }));
    await expect(apiRequest('tok', '/api/x', 'DELETE')).resolves.toBeUndefined();
  });

  it("rejects with the server's code and message", async () => {
    stubFetch(async () =>
      Response.json({ error: { code: 'CONFLICT', message: 'This channel has conversations; rename it instead of deleting it.' } }, { status: 409 }),
    );
    const error = await apiRequest('tok', '/api/x', 'DELETE').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(409);
    expect((error as ApiError).error).toEqual({ code: 'CONFLICT', message: 'This channel has conversations; rename it instead of deleting it.' });
  });

  it('names the code from the status when the body is not JSON, and flags expired sessions', async () => {
    stubFetch(async () => new Response('<html>', { status: 401 }));
    const error = (await apiRequest('tok', '/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.error.code).toBe('UNAUTHORIZED');
    expect(error.unauthorized).toBe(true);
  });

  it('turns a failed request into a network error', async () => {
    stubFetch(async () => {
      throw new TypeError('Failed to fetch');
    });
    const error = (await apiRequest('tok', '/api/x').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(0);
    expect(error.error.code).toBe('NETWORK');
  });
});

describe('filenameFromDisposition', () => {
  it('reads plain and encoded file names', () => {
    expect(filenameFromDisposition('attachment; filename="parley-metrics-2026-11-15-2026-11-22.csv"', 'x.csv')).toBe(
      'parley-metrics-2026-11-15-2026-11-22.csv',
    );
    expect(filenameFromDisposition('attachment; filename=plain.csv', 'x.csv')).toBe('plain.csv');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''b%C3%A1o-c%C3%A1o.csv", 'x.csv')).toBe('báo-cáo.csv');
    expect(filenameFromDisposition(null, 'x.csv')).toBe('x.csv');
    expect(filenameFromDisposition('attachment', 'x.csv')).toBe('x.csv');
  });
});
