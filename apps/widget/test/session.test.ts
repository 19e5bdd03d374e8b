import { describe, expect, it } from 'vitest';
import { newClientId } from '../src/app/client-id.ts';
import { faqUrl } from '../src/app/components/Faq.tsx';
import { toErrorBody } from '../src/app/session.ts';

describe('toErrorBody', () => {
  it('reads the error body the server sends', () => {
    expect(toErrorBody({ error: { code: 'ORIGIN_NOT_ALLOWED', message: 'No.' } }, 403)).toEqual({
      code: 'ORIGIN_NOT_ALLOWED',
      message: 'No.',
    });
  });

  it('falls back to the catalogue entry of the HTTP status for a body it cannot read', () => {
    expect(toErrorBody(null, 429).code).toBe('RATE_LIMITED');
    expect(toErrorBody({ error: { code: 'MADE_UP' } }, 503).code).toBe('UNAVAILABLE');
    expect(toErrorBody('<html>', 502).code).toBe('INTERNAL');
  });
});

describe('newClientId', () => {
  const allowed = /^[A-Za-z0-9_-]{1,64}$/;

  it('makes ids the server accepts', () => {
    expect(newClientId()).toMatch(allowed);
  });

  it('still makes UUIDs where randomUUID is missing (plain-http pages)', () => {
    const id = newClientId({ getRandomValues: (array) => crypto.getRandomValues(array) });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(id).toMatch(allowed);
  });
});

describe('faqUrl', () => {
  it('asks for the widget language and sends the query in NFC (as typed by any Vietnamese keyboard)', () => {
    const decomposed = 'giao ha\u0300ng'; // "giao hàng" with a combining grave accent
    const url = new URL(faqUrl('https://chat.example', 'acme', `  ${decomposed} `, 'vi'));
    expect(url.origin + url.pathname).toBe('https://chat.example/api/v1/widget/faq');
    expect(url.searchParams.get('siteKey')).toBe('acme');
    expect(url.searchParams.get('lang')).toBe('vi');
    expect(url.searchParams.get('q')).toBe('giao h\u00e0ng');
  });
});
