/**
 * `Parley('identify', …)`, in a chunk of its own (imported on the first identify): reading what the
 * host page passed. The server validates the rest (lengths, email format, the identity token's
 * signature) and answers with the session to use from then on.
 */
import type { VisitorAttributes } from '@parley/protocol';

/** Claims about the visitor; unverified unless `identityToken` is a valid JWT the site's backend signed. */
export interface Identity {
  name?: string;
  email?: string;
  userId?: string;
  attributes?: VisitorAttributes;
  identityToken?: string;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/**
 * Reads the argument of 'identify': known fields of the right type are kept (a numeric user id
 * becomes text), anything else is dropped; null when it is not an object or nothing is left.
 */
export function toIdentity(data: unknown): Identity | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return null;
  const input = data as Record<string, unknown>;
  const identity: Identity = {};
  if (isText(input.name)) identity.name = input.name.trim();
  if (isText(input.email)) identity.email = input.email.trim();
  if (isText(input.userId) || (typeof input.userId === 'number' && Number.isFinite(input.userId))) {
    identity.userId = String(input.userId);
  }
  if (isText(input.identityToken)) identity.identityToken = input.identityToken.trim();
  const attributes = input.attributes;
  if (attributes && typeof attributes === 'object' && !Array.isArray(attributes)) {
    const kept: VisitorAttributes = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (['string', 'number', 'boolean'].includes(typeof value)) kept[key] = value as string | number | boolean;
    }
    if (Object.keys(kept).length) identity.attributes = kept;
  }
  return Object.keys(identity).length ? identity : null;
}
