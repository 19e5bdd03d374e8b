/**
 * The statements of a batch of conversation starts (start-conversation.ts), few on purpose: every
 * round trip is made while the sites' routing locks are held. A batch is three round trips
 * whatever its size: the reads — lock the sites; read (and lock) everything placement needs — go
 * out together behind the BEGIN (pipelinedTransaction); one statement writes the conversations,
 * their first lines, refusals and names; COMMIT.
 *
 * Locks are taken in the routing lock order: sites, visitors, conversations, agents, each in id
 * order. The sites come first in a statement of their own, so the next statement's snapshot is
 * taken once they are held and sees every routing decision committed before (PostgreSQL runs
 * pipelined statements one after another, each with its own snapshot). An agent may also work for
 * another site whose transaction was assigning to them: their load is read from their locked row
 * (`agents.active_chats`, kept by a trigger), which is the row's newest version once the lock is
 * held, so it counts that assignment too.
 */
import { runPrepared, type Transaction, type VisitorRow } from '@parley/db';
import { SYSTEM_MESSAGES } from '@parley/protocol';
import { fromSqlRow, type MessageSqlRow } from '../messages.repository.ts';
import type { PlacedAgent, PlacedChannel, PlacedSite } from './placement.ts';

export type StartVisitor = Pick<VisitorRow, 'id' | 'siteId' | 'name' | 'blocked'>;
export type StartAgent = PlacedAgent & { lastAssignedAt: number | null; activeChats: number };

export interface StartSnapshotRows {
  sites: PlacedSite[];
  channels: PlacedChannel[];
  visitors: StartVisitor[];
  /** The visitors' open conversations (locked). */
  open: { id: string; visitorId: string }[];
  /** Agents of the auto channels: who is in which. */
  memberships: { channelId: string; agentId: string }[];
  /** Those agents, online and active only (locked). */
  agents: StartAgent[];
  waiting: { siteId: string; channelId: string; n: number }[];
}

const LOCK_SITES_SQL = `
  select id, max_waiting_total as "maxWaitingTotal" from sites where id = any($1::uuid[]) order by id for update
`;

/**
 * `(select count(*) from x) >= 0` makes a step wait until step x has run to its end (a one-time
 * filter, checked before the scan starts): that is what orders the locks within the statement.
 */
const SNAPSHOT_SQL = `
  with ch as (
    select id, site_id as "siteId", name, routing_mode as "routingMode", max_waiting as "maxWaiting",
           overflow_channel_id as "overflowChannelId"
    from channels where site_id = any($1::uuid[])
  ),
  v as materialized (
    select id, site_id as "siteId", name, blocked from visitors
    where id = any($2::uuid[]) order by id for update
  ),
  o as materialized (
    select id, visitor_id as "visitorId" from conversations
    where visitor_id = any($2::uuid[]) and status in ('waiting', 'active') and (select count(*) from v) >= 0
    order by id for update
  ),
  m as (
    select ca.channel_id as "channelId", ca.agent_id as "agentId"
    from channel_agents ca join ch on ch.id = ca.channel_id where ch."routingMode" = 'auto'
  ),
  a as materialized (
    select id, name, max_chats as "maxChats", active_chats as "activeChats",
           (extract(epoch from last_assigned_at) * 1000)::float8 as "lastAssignedAt"
    from agents
    where id in (select "agentId" from m) and status = 'online' and active and (select count(*) from o) >= 0
    order by id for update
  ),
  w as (
    select site_id as "siteId", channel_id as "channelId", count(*)::int as n from conversations
    where site_id = any($1::uuid[]) and status = 'waiting' group by site_id, channel_id
  )
  select
    (select coalesce(json_agg(ch), '[]') from ch) as channels,
    (select coalesce(json_agg(v), '[]') from v) as visitors,
    (select coalesce(json_agg(o), '[]') from o) as open,
    (select coalesce(json_agg(m), '[]') from m) as memberships,
    (select coalesce(json_agg(a), '[]') from a) as agents,
    (select coalesce(json_agg(w), '[]') from w) as waiting
`;

/**
 * Everything placement needs: two statements sent together, run in this order (the header has
 * why). To be called with nothing awaited on the transaction before, so they share the BEGIN's
 * round trip.
 */
export async function readStartSnapshot(tx: Transaction, siteIds: string[], visitorIds: string[]): Promise<StartSnapshotRows> {
  const [sites, [row]] = await Promise.all([
    runPrepared<PlacedSite>(tx, 'parley_lock_sites_v1', LOCK_SITES_SQL, [siteIds]),
    runPrepared<Omit<StartSnapshotRows, 'sites'>>(tx, 'parley_start_snapshot_v2', SNAPSHOT_SQL, [siteIds, visitorIds]),
  ]);
  return { sites, ...row! };
}

export interface NewStart {
  siteId: string;
  channelId: string;
  visitorId: string;
  /** The agent it goes to now; absent: it waits in the queue. */
  agent?: { id: string; name: string };
  text?: string;
  clientId?: string;
}

export interface StartWrites {
  starts: NewStart[];
  refusals: { siteId: string; channelId: string; visitorId: string }[];
  names: { visitorId: string; name: string }[];
}

/**
 * Lookups by id go through `= any(array(...))`: the planner guesses 100 rows from
 * jsonb_to_recordset and would rather scan a whole table than probe its index that often.
 *
 * One statement: the conversations (assigned ones active at once, with queued_at = assigned_at
 * = now(), the transaction's time, like their "agent joined" line; waiting ones queued at
 * clock_timestamp(), so one batch keeps its arrival order in the queue), the visitor's first
 * message and the "agent joined" line, the agents' last-assignment times, the refusals (for the
 * KPIs: a refusal leaves no conversation behind) and the names visitors gave.
 */
const WRITE_SQL = `
  with input as (
    select * from jsonb_to_recordset($1::jsonb) as i(
      ord int, site_id uuid, channel_id uuid, visitor_id uuid, agent_id uuid, agent_name text, body text, client_id text)
  ),
  c as (
    insert into conversations (site_id, channel_id, visitor_id, status, agent_id, queued_at, assigned_at, last_seq)
    select site_id, channel_id, visitor_id,
           case when agent_id is null then 'waiting' else 'active' end,
           agent_id,
           case when agent_id is null then clock_timestamp() else now() end,
           case when agent_id is null then null else now() end,
           (body is not null)::int + (agent_id is not null)::int
    from input order by ord
    returning id, visitor_id as "visitorId", created_at as "createdAt", assigned_at as "assignedAt"
  ),
  msg as (
    insert into messages (conversation_id, seq, client_id, sender, text, author_name, agent_id)
    select c.id, 1, i.client_id, 'visitor', i.body, null, null
      from input i join c on c."visitorId" = i.visitor_id where i.body is not null
    union all
    select c.id, 1 + (i.body is not null)::int, null, 'system', $4, i.agent_name, i.agent_id
      from input i join c on c."visitorId" = i.visitor_id where i.agent_id is not null
    returning *
  ),
  assigned as (
    update agents set last_assigned_at = now()
    where id = any(array(select agent_id from input where agent_id is not null))
  ),
  refused as (
    insert into queue_refusals (site_id, channel_id, visitor_id)
    select site_id, channel_id, visitor_id from jsonb_to_recordset($2::jsonb) as r(site_id uuid, channel_id uuid, visitor_id uuid)
  ),
  names as (
    select * from jsonb_to_recordset($3::jsonb) as r(visitor_id uuid, name text)
  ),
  renamed as (
    update visitors v set name = n.name
    from names n where v.id = n.visitor_id and v.id = any(array(select visitor_id from names))
  )
  select
    (select coalesce(json_agg(c), '[]') from c) as conversations,
    (select coalesce(json_agg(msg order by msg.conversation_id, msg.seq), '[]') from msg) as messages
`;

/** Writes the batch; returns each new conversation by visitor, and the messages stored. */
export async function writeStarts(tx: Transaction, writes: StartWrites) {
  const input = writes.starts.map((s, ord) => ({
    ord,
    site_id: s.siteId,
    channel_id: s.channelId,
    visitor_id: s.visitorId,
    agent_id: s.agent?.id ?? null,
    agent_name: s.agent?.name ?? null,
    body: s.text ?? null,
    client_id: s.clientId ?? null,
  }));
  const refusals = writes.refusals.map((r) => ({ site_id: r.siteId, channel_id: r.channelId, visitor_id: r.visitorId }));
  const names = writes.names.map((n) => ({ visitor_id: n.visitorId, name: n.name }));
  const [row] = await runPrepared<{ conversations: WrittenConversation[]; messages: MessageSqlRow[] }>(
    tx,
    'parley_write_starts_v1',
    WRITE_SQL,
    [JSON.stringify(input), JSON.stringify(refusals), JSON.stringify(names), SYSTEM_MESSAGES.agentJoined],
  );
  return {
    conversationOf: new Map(row!.conversations.map((c) => [c.visitorId, c])),
    messages: row!.messages.map(fromSqlRow),
  };
}

/** A conversation the batch wrote; times as PostgreSQL's JSON gives them. */
export interface WrittenConversation {
  id: string;
  visitorId: string;
  createdAt: string;
  assignedAt: string | null;
}
