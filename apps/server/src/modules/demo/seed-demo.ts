/**
 * The embedded install's first start: a demo site (key `demo`, channels Sales and Support) and a
 * demo admin. Idempotent: a second start finds the site and changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { agents, channelAgents, channels, siteAgents, sites, type Database } from '@parley/db';
import { hashPassword } from '../auth/passwords.ts';

export const DEMO_SITE_KEY = 'demo';

export async function seedDemo(
  db: Database,
  admin: { email: string; password: string },
): Promise<{ created: boolean }> {
  const [existing] = await db.select({ id: sites.id }).from(sites).where(eq(sites.siteKey, DEMO_SITE_KEY));
  if (existing) return { created: false };
  const passwordHash = await hashPassword(admin.password);
  await db.transaction(async (tx) => {
    const [site] = await tx
      .insert(sites)
      .values({
        siteKey: DEMO_SITE_KEY,
        name: 'Demo Shop',
        identitySecret: randomBytes(32).toString('base64url'),
        widget: { color: '#2563eb', position: 'right', language: 'auto', greeting: 'Hi! How can we help you today?' },
      })
      .returning();
    const demoChannels = await tx
      .insert(channels)
      .values([
        { siteId: site!.id, name: 'Sales', position: 0 },
        { siteId: site!.id, name: 'Support', position: 1 },
      ])
      .returning();
    let [agent] = await tx.select().from(agents).where(eq(agents.email, admin.email));
    if (!agent) {
      [agent] = await tx
        .insert(agents)
        .values({ email: admin.email, name: 'Demo Admin', passwordHash, role: 'admin' })
        .returning();
    }
    await tx.insert(siteAgents).values({ siteId: site!.id, agentId: agent!.id });
    await tx.insert(channelAgents).values(demoChannels.map((c) => ({ channelId: c.id, agentId: agent!.id })));
  });
  return { created: true };
}
