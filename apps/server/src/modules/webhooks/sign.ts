/** The `Parley-Signature` header (Stripe-style): `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
import { createHmac, randomBytes } from 'node:crypto';

export function signatureHeader(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** A new endpoint secret: 32 random bytes, prefixed so it is recognisable in a config file. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
