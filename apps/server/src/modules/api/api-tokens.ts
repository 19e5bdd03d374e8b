/**
 * API tokens: created by a site's admins, shown once, stored as SHA-256 only (a token is 256
 * random bits, so a fast hash is enough: there is nothing to brute-force), revoked by marking.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { apiTokens, type ApiTokenRow, type Database } from '@parley/db';
import type { ApiScope, ApiToken, CreatedApiToken } from '@parley/protocol';
import { API_TOKEN_PREFIX } from '@parley/protocol/api';
import { AppError } from '../../errors.ts';
import type { AgentActor, ApiActor } from '../../shared/actor.ts';

/** Shown in the list so an admin can tell tokens apart: `parley_` and 6 more characters. */
const VISIBLE_CHARS = API_TOKEN_PREFIX.length + 6;
/** last_used_at is written at most this often per token, not on every request. */
const LAST_USED_RESOLUTION = sql`interval '1 minute'`;

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const toApiToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  scopes: row.scopes,
  createdAt: row.createdAt.toISOString(),
  lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function listApiTokens(db: Database, siteId: string): Promise<ApiToken[]> {
  const rows = await db.select().from(apiTokens).where(eq(apiTokens.siteId, siteId)).orderBy(desc(apiTokens.createdAt));
  return rows.map(toApiToken);
}

export async function createApiToken(
  db: Database,
  actor: AgentActor,
  siteId: string,
  input: { name: string; scopes: ApiScope[] },
): Promise<CreatedApiToken> {
  const token = API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const scopes = [...new Set(input.scopes)].sort();
  const [row] = await db
    .insert(apiTokens)
    .values({ siteId, name: input.name, tokenHash: hashToken(token), prefix: token.slice(0, VISIBLE_CHARS), scopes, createdBy: actor.agentId })
    .returning();
  return { ...toApiToken(row!), token };
}

/** Revoking twice is not an error; the first revocation time is kept. */
export async function revokeApiToken(db: Database, siteId: string, tokenId: string): Promise<ApiToken> {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`coalesce(${apiTokens.revokedAt}, now())` })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.siteId, siteId)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'API token not found.');
  return toApiToken(row);
}

/** The actor of an `Authorization: Bearer <token>` header; UNAUTHORIZED when missing, unknown or revoked. */
export async function authenticateApiToken(db: Database, token: string | undefined): Promise<ApiActor> {
  if (!token || !token.startsWith(API_TOKEN_PREFIX) || token.length > 200) {
    throw new AppError('UNAUTHORIZED', 'A valid API token is required: Authorization: Bearer parley_…');
  }
  const [row] = await db.select().from(apiTokens).where(eq(apiTokens.tokenHash, hashToken(token))).limit(1);
  if (!row || row.revokedAt) throw new AppError('UNAUTHORIZED', 'This API token is not valid or was revoked.');
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.id, row.id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - ${LAST_USED_RESOLUTION}`))));
  return { kind: 'api', tokenId: row.id, tokenName: row.name, siteId: row.siteId, scopes: row.scopes };
}

export function requireScope(actor: ApiActor, scope: ApiScope): void {
  if (!actor.scopes.includes(scope)) throw new AppError('FORBIDDEN', `This API token lacks the "${scope}" scope.`);
}
