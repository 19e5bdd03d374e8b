/** Site settings: name, allowed origins, queue cap, widget appearance and behaviour, identity secret. */
import { randomBytes } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { siteAgents, sites, type Database, type SiteRow } from '@parley/db';
import type { AdminSite, UpdateSite } from '@parley/protocol';
import { AppError } from '../../errors.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import type { AgentActor } from '../../shared/actor.ts';
import { toWidgetSettings } from '../sites/index.ts';

export function toAdminSite(site: SiteRow, publicUrl: string): AdminSite {
  return {
    id: site.id,
    name: site.name,
    siteKey: site.siteKey,
    allowedOrigins: site.allowedOrigins,
    maxWaitingTotal: site.maxWaitingTotal,
    transcriptRetentionDays: site.transcriptRetentionDays,
    widget: toWidgetSettings(site.widget),
    snippet: `<script src="${publicUrl}/widget.js" data-site-key="${site.siteKey}" async></script>`,
  };
}

export async function listSites(db: Database, actor: AgentActor): Promise<SiteRow[]> {
  if (actor.siteIds.length === 0) return [];
  return db.select().from(sites).where(inArray(sites.id, actor.siteIds)).orderBy(sites.name);
}

export async function createSite(db: Database, actor: AgentActor, name: string): Promise<SiteRow> {
  return db.transaction(async (tx) => {
    const [site] = await tx
      .insert(sites)
      .values({
        name,
        siteKey: randomBytes(9).toString('base64url'),
        identitySecret: randomBytes(32).toString('base64url'),
        widget: { color: '#2563eb', position: 'right', language: 'auto', greeting: 'Hi! How can we help?' },
      })
      .returning();
    await tx.insert(siteAgents).values({ siteId: site!.id, agentId: actor.agentId });
    return site!;
  });
}

/** The queue strip shows the site cap, so agents hear of a change. */
export async function updateSite(db: Database, siteId: string, input: UpdateSite): Promise<{ site: SiteRow; effects: Effects }> {
  const effects = newEffects();
  effects.queues.add(siteId);
  const site = await db.transaction(async (tx) => {
    const [site] = await tx.select().from(sites).where(eq(sites.id, siteId)).for('update');
    if (!site) throw new AppError('NOT_FOUND', 'Site not found.');
    const changes = {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.allowedOrigins !== undefined ? { allowedOrigins: input.allowedOrigins } : {}),
      ...(input.maxWaitingTotal !== undefined ? { maxWaitingTotal: input.maxWaitingTotal } : {}),
      ...(input.transcriptRetentionDays !== undefined ? { transcriptRetentionDays: input.transcriptRetentionDays } : {}),
      ...(input.widget ? { widget: { ...toWidgetSettings(site.widget), ...input.widget } } : {}),
    };
    if (Object.keys(changes).length === 0) return site;
    const [updated] = await tx.update(sites).set(changes).where(eq(sites.id, siteId)).returning();
    return updated!;
  });
  return { site, effects };
}

/** A new identity secret; tokens the site's backend signed with the old one stop verifying. */
export async function rotateIdentitySecret(db: Database, siteId: string): Promise<string> {
  const identitySecret = randomBytes(32).toString('base64url');
  await db.update(sites).set({ identitySecret }).where(eq(sites.id, siteId));
  return identitySecret;
}
