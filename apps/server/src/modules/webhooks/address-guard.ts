/**
 * SSRF guard for webhooks: an endpoint may not reach loopback, private, link-local (cloud
 * metadata), CGNAT, reserved or multicast addresses, unless the operator allowed that host
 * (`WEBHOOK_ALLOWED_HOSTS`). Checked when an endpoint is saved, and again at delivery through the
 * socket's own DNS lookup, so the address connected to is the address checked (no DNS rebinding).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AppError } from '../../errors.ts';

const RANGES: [label: string, type: 'ipv4' | 'ipv6', cidrs: string[]][] = [
  ['loopback', 'ipv4', ['127.0.0.0/8']],
  ['loopback', 'ipv6', ['::1/128']],
  ['unspecified', 'ipv4', ['0.0.0.0/8']],
  ['unspecified', 'ipv6', ['::/128']],
  ['private', 'ipv4', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']],
  ['unique-local', 'ipv6', ['fc00::/7', 'fec0::/10']],
  ['link-local', 'ipv4', ['169.254.0.0/16']],
  ['link-local', 'ipv6', ['fe80::/10']],
  ['carrier-grade NAT', 'ipv4', ['100.64.0.0/10']],
  ['multicast', 'ipv4', ['224.0.0.0/4']],
  ['multicast', 'ipv6', ['ff00::/8']],
  [
    'reserved',
    'ipv4',
    ['192.0.0.0/24', '192.0.2.0/24', '192.88.99.0/24', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '240.0.0.0/4'],
  ],
  // IPv4-compatible, discard, documentation, 6to4 and Teredo tunnel to addresses we cannot see.
  ['reserved', 'ipv6', ['::/96', '100::/64', '2001:db8::/32', '2002::/16', '2001::/32']],
];

const LISTS = RANGES.map(([label, type, cidrs]) => {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [network, prefix] = cidr.split('/');
    list.addSubnet(network!, Number(prefix), type);
  }
  return { label, list };
});

/** Why an IP address may not receive webhooks (e.g. "loopback"), or null when it may. */
export function forbiddenAddressReason(address: string): string | null {
  const family = isIP(address);
  if (!family) return 'not an IP address';
  const type = family === 6 ? 'ipv6' : 'ipv4';
  // BlockList matches IPv4-mapped IPv6 (::ffff:a.b.c.d) against the IPv4 ranges too.
  for (const { label, list } of LISTS) if (list.check(address, type)) return label;
  return null;
}

const bare = (hostname: string) => hostname.replace(/^\[|\]$/g, '').toLowerCase();

/** True when the operator allowed this URL's host (`host` or `host:port` in WEBHOOK_ALLOWED_HOSTS). */
export function isAllowedHost(url: URL, allowedHosts: string[]): boolean {
  const host = url.hostname.toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return allowedHosts.includes(host) || allowedHosts.includes(`${host}:${port}`) || allowedHosts.includes(`${bare(host)}:${port}`);
}

export class ForbiddenAddressError extends Error {
  readonly code = 'URL_NOT_ALLOWED';
}

function refuse(host: string, address: string, reason: string): ForbiddenAddressError {
  const shown = bare(host) === address ? address : `${bare(host)} (${address})`;
  return new ForbiddenAddressError(`${shown} is a ${reason} address, not allowed for webhooks`);
}

/**
 * A `lookup` for http(s).request: resolves like the system does, then refuses when any address
 * is forbidden (a mixed answer is a rebinding trick). The connection uses what it returns.
 */
export function guardedLookup(): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      for (const { address } of addresses) {
        const reason = forbiddenAddressReason(address);
        if (reason) return callback(refuse(hostname, address, reason) as NodeJS.ErrnoException, '', 0);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

/**
 * Checks an IP-literal host (which sockets connect to without a lookup). Throws a
 * ForbiddenAddressError for a forbidden one; host names are checked by `guardedLookup`.
 */
export function assertLiteralAllowed(url: URL, allowedHosts: string[]): void {
  if (isAllowedHost(url, allowedHosts)) return;
  const host = bare(url.hostname);
  if (!isIP(host)) return;
  const reason = forbiddenAddressReason(host);
  if (reason) throw refuse(host, host, reason);
}

/** Save-time check of an endpoint URL: resolves it and throws URL_NOT_ALLOWED for a forbidden address. */
export async function assertWebhookUrlAllowed(value: string, allowedHosts: string[]): Promise<void> {
  const url = new URL(value);
  if (isAllowedHost(url, allowedHosts)) return;
  const host = bare(url.hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) throw new AppError('URL_NOT_ALLOWED', `${host} is a loopback address, not allowed for webhooks.`);
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      const found = await new Promise<LookupAddress[]>((resolve, reject) =>
        dnsLookup(host, { all: true }, (error, list) => (error ? reject(error) : resolve(list))),
      );
      addresses = found.map((a) => a.address);
    } catch {
      throw new AppError('URL_NOT_ALLOWED', `${host} does not resolve to an address.`);
    }
  }
  for (const address of addresses) {
    const reason = forbiddenAddressReason(address);
    if (reason) throw new AppError('URL_NOT_ALLOWED', `${refuse(host, address, reason).message}.`);
  }
}
