/** The webhook SSRF guard's address rules, the retry schedule and the signature format (no database). */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forbiddenAddressReason, isAllowedHost } from '../src/modules/webhooks/address-guard.ts';
import { retryDelayMs } from '../src/modules/webhooks/backoff.ts';
import { signatureHeader } from '../src/modules/webhooks/sign.ts';

describe('webhook address guard', () => {
  it('refuses local, private, link-local, CGNAT, reserved and multicast addresses', () => {
    const refused: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.0.0.2', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['0.0.0.0', 'unspecified'],
      ['10.0.0.1', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.0.1', 'private'],
      ['::ffff:10.1.2.3', 'private'],
      ['fd12:3456::1', 'unique-local'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['100.64.0.1', 'carrier-grade NAT'],
      ['224.0.0.251', 'multicast'],
      ['ff02::1', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['192.0.2.10', 'reserved'],
      ['2001:db8::1', 'reserved'],
    ];
    for (const [address, reason] of refused) expect(forbiddenAddressReason(address), address).toBe(reason);
  });

  it('lets public addresses through', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111']) {
      expect(forbiddenAddressReason(address), address).toBeNull();
    }
  });

  it('matches the operator allow-list by host, or by host and port', () => {
    const allowed = ['127.0.0.1:4567', 'crm.internal'];
    expect(isAllowedHost(new URL('http://127.0.0.1:4567/x'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.1:4568/x'), allowed)).toBe(false);
    expect(isAllowedHost(new URL('https://CRM.internal/hook'), allowed)).toBe(true);
    expect(isAllowedHost(new URL('http://127.0.0.2:4567/'), allowed)).toBe(false);
    expect(isAllowedHost(new URL('https://crm.internal/'), ['crm.internal:443'])).toBe(true);
  });
});

describe('webhook retries and signatures', () => {
  it('backs off about 10 s, 1 min, 5 min, 30 min, 2 h, 6 h, with jitter', () => {
    const mid = (attempt: number) => retryDelayMs(attempt, 10_000, () => 0.5);
    expect([1, 2, 3, 4, 5, 6, 7].map(mid)).toEqual([10_000, 60_000, 300_000, 1_800_000, 7_200_000, 21_600_000, 21_600_000]);
    expect(retryDelayMs(1, 10_000, () => 0)).toBe(8_000);
    expect(retryDelayMs(1, 10_000, () => 1)).toBe(12_000);
  });

  it('signs "<t>.<body>" with HMAC-SHA256, as README documents', () => {
    const body = '{"id":"1"}';
    const expected = createHmac('sha256', 'whsec_x').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('whsec_x', body, 1_700_000_000)).toBe(`t=1700000000,v1=${expected}`);
  });
});
