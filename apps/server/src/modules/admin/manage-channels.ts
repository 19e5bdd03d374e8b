/** Channels of a site with their routing mode, waiting cap, overflow and members. */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { channelAgents, channels, conversations, siteAgents, type Database, type Transaction } from '@parley/db';
import type { AdminChannel } from '@parley/protocol';
import type { upsertChannelSchema, updateChannelSchema } from '@parley/protocol/admin';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';

type ChannelInput = z.output<typeof upsertChannelSchema>;
type ChannelPatch = z.output<typeof updateChannelSchema>;

export async function listChannels(db: Database, siteId: string): Promise<AdminChannel[]> {
  const rows = await db.select().from(channels).where(eq(channels.siteId, siteId)).orderBy(asc(channels.position), asc(channels.name));
  const members = rows.length
    ? await db.select().from(channelAgents).where(inArray(channelAgents.channelId, rows.map((r) => r.id)))
    : [];
  return rows.map((c) => ({
    id: c.id,
    name: c.name,
    routingMode: c.routingMode,
    maxWaiting: c.maxWaiting,
    overflowChannelId: c.overflowChannelId,
    position: c.position,
    memberIds: members.filter((m) => m.channelId === c.id).map((m) => m.agentId),
  }));
}

async function checkReferences(tx: Transaction, siteId: string, input: { overflowChannelId?: string | null; memberIds?: string[] }, selfId?: string) {
  if (input.overflowChannelId) {
    if (input.overflowChannelId === selfId) throw new AppError('VALIDATION', 'A channel cannot overflow into itself.');
    const [overflow] = await tx.select().from(channels).where(and(eq(channels.id, input.overflowChannelId), eq(channels.siteId, siteId)));
    if (!overflow) throw new AppError('VALIDATION', 'The overflow channel is not a channel of this site.');
  }
  if (input.memberIds?.length) {
    const members = await tx
      .select({ id: siteAgents.agentId })
      .from(siteAgents)
      .where(and(eq(siteAgents.siteId, siteId), inArray(siteAgents.agentId, input.memberIds)));
    if (members.length !== new Set(input.memberIds).size) throw new AppError('VALIDATION', 'Every member must be an agent of this site.');
  }
}

/** A channel change alters the queue strip agents see and which channels visitors see online. */
function channelsChanged(siteId: string): Effects {
  const effects = newEffects();
  effects.queues.add(siteId);
  effects.availability.add(siteId);
  return effects;
}

async function setMembers(tx: Transaction, channelId: string, memberIds: string[]) {
  await tx.delete(channelAgents).where(eq(channelAgents.channelId, channelId));
  if (memberIds.length) await tx.insert(channelAgents).values([...new Set(memberIds)].map((agentId) => ({ channelId, agentId })));
}

export async function createChannel(db: Database, siteId: string, input: ChannelInput): Promise<{ id: string; effects: Effects }> {
  const id = await db.transaction(async (tx) => {
    await checkReferences(tx, siteId, input);
    const [{ n }] = (await tx.select({ n: count() }).from(channels).where(eq(channels.siteId, siteId))) as [{ n: number }];
    const [channel] = await tx
      .insert(channels)
      .values({ siteId, name: input.name, routingMode: input.routingMode, maxWaiting: input.maxWaiting, overflowChannelId: input.overflowChannelId, position: n })
      .returning();
    await setMembers(tx, channel!.id, input.memberIds);
    return channel!.id;
  });
  return { id, effects: channelsChanged(siteId) };
}

export async function updateChannel(db: Database, siteId: string, channelId: string, input: ChannelPatch): Promise<Effects> {
  await db.transaction(async (tx) => {
    const [channel] = await tx.select().from(channels).where(and(eq(channels.id, channelId), eq(channels.siteId, siteId))).for('update');
    if (!channel) throw new AppError('NOT_FOUND', 'Channel not found.');
    await checkReferences(tx, siteId, input, channelId);
    const { memberIds, ...fields } = input;
    if (Object.keys(fields).length) await tx.update(channels).set(fields).where(eq(channels.id, channelId));
    if (memberIds) await setMembers(tx, channelId, memberIds);
  });
  return channelsChanged(siteId);
}

/** A channel with conversations keeps their history: it cannot be deleted, only renamed. */
export async function deleteChannel(db: Database, siteId: string, channelId: string): Promise<Effects> {
  await db.transaction(async (tx) => {
    const [channel] = await tx.select().from(channels).where(and(eq(channels.id, channelId), eq(channels.siteId, siteId))).for('update');
    if (!channel) throw new AppError('NOT_FOUND', 'Channel not found.');
    const [{ n }] = (await tx.select({ n: count() }).from(conversations).where(eq(conversations.channelId, channelId))) as [{ n: number }];
    if (n > 0) throw new AppError('CONFLICT', 'This channel has conversations; rename it instead of deleting it.');
    await tx.update(channels).set({ overflowChannelId: null }).where(eq(channels.overflowChannelId, channelId));
    await tx.delete(channels).where(eq(channels.id, channelId));
  });
  return channelsChanged(siteId);
}
