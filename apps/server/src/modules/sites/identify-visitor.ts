/**
 * `Parley('identify', …)`. Claims signed by the site's backend (an HS256 JWT with the site's
 * identity secret) make the visitor verified; a verified user seen before — on another device —
 * gets their own visitor back, bringing this browser's conversations along. Unsigned claims are
 * stored as unverified and can never overwrite a verified identity.
 */
import jwt from 'jsonwebtoken';
import { and, eq, sql } from 'drizzle-orm';
import { conversations, sites, visitors, type Database, type VisitorRow } from '@parley/db';
import type { Visitor, VisitorAttributes } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import type { VisitorActor } from '../../shared/actor.ts';
import { toVisitor } from './visitor-view.ts';

export interface IdentifyInput {
  name?: string;
  email?: string;
  userId?: string;
  attributes?: VisitorAttributes;
  identityToken?: string;
}

interface VerifiedClaims {
  userId: string;
  name?: string;
  email?: string;
}

function verifyIdentityToken(token: string, secret: string): VerifiedClaims {
  try {
    const payload = jwt.verify(token, secret, { algorithms: ['HS256'] });
    if (typeof payload === 'string' || typeof payload.sub !== 'string' || !payload.sub) throw new Error('no sub');
    return {
      userId: payload.sub,
      name: typeof payload.name === 'string' ? payload.name.slice(0, 80) : undefined,
      email: typeof payload.email === 'string' ? payload.email.trim().toLowerCase().slice(0, 254) : undefined,
    };
  } catch {
    throw new AppError('UNAUTHORIZED', 'The identity token is not valid for this site.');
  }
}

/** Returns the visitor this browser should now be (the same one, or a verified one found again). */
export async function identifyVisitor(db: Database, actor: VisitorActor, input: IdentifyInput): Promise<Visitor> {
  const [site] = await db.select().from(sites).where(eq(sites.id, actor.siteId));
  if (!site) throw new AppError('UNAUTHORIZED');
  const verified = input.identityToken ? verifyIdentityToken(input.identityToken, site.identitySecret) : undefined;

  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(visitors).where(eq(visitors.id, actor.visitorId)).for('update');
    if (!current || current.siteId !== actor.siteId) throw new AppError('UNAUTHORIZED');
    const attributes = input.attributes ? sql`${visitors.attributes} || ${JSON.stringify(input.attributes)}::jsonb` : undefined;

    if (verified) {
      const [known] = await tx
        .select()
        .from(visitors)
        .where(and(eq(visitors.siteId, actor.siteId), eq(visitors.externalId, verified.userId), eq(visitors.verified, true)));
      let target: VisitorRow = current;
      if (known && known.id !== current.id) {
        // The same person on another device: carry this browser's conversations over to them.
        await tx.update(conversations).set({ visitorId: known.id }).where(eq(conversations.visitorId, current.id));
        target = known;
      }
      const [updated] = await tx
        .update(visitors)
        .set({
          verified: true,
          externalId: verified.userId,
          name: verified.name ?? input.name ?? target.name,
          email: verified.email ?? input.email ?? target.email,
          lastSeenAt: new Date(),
          ...(attributes ? { attributes } : {}),
        })
        .where(eq(visitors.id, target.id))
        .returning();
      return toVisitor(updated!);
    }

    // Unverified claims never replace what a verified identity established.
    const changes = {
      ...(current.verified ? {} : { name: input.name ?? current.name, email: input.email ?? current.email, externalId: input.userId ?? current.externalId }),
      ...(attributes ? { attributes } : {}),
    };
    if (Object.keys(changes).length === 0) return toVisitor(current);
    const [updated] = await tx.update(visitors).set(changes).where(eq(visitors.id, current.id)).returning();
    return toVisitor(updated!);
  });
}
