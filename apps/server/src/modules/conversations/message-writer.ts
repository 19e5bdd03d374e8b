/**
 * The one write path for chat messages under load: sends wait in a queue while a single batch is
 * in flight, and the next batch is everything that queued meanwhile (so batches grow with load).
 * Each batch is ONE statement — lock the conversations, skip client ids already stored (looked up
 * only when a retried send makes the statement fail without the look-up), number the rest, insert
 * them, bump `last_seq` — committed on its own, and every sender is answered only after that
 * commit. When a site of the batch has a webhook for new messages, the statement and the outbox
 * rows share one transaction instead (see webhooks/outbox.ts). One statement per batch instead of
 * ~8 per message is what makes the embedded database (one connection) and PostgreSQL keep up; see
 * apps/bench.
 */
import { randomUUID } from 'node:crypto';
import { runPrepared, type Database, type Executor, type MessageRow } from '@parley/db';
import type { MessageSender } from '@parley/protocol';
import { isUniqueViolation } from '../../errors.ts';
import { batcherPerHandle } from '../../shared/batcher.ts';
import { newEffects, type Effects } from '../../shared/effects.ts';
import { recordEvent } from '../webhooks/outbox.ts';
import { sitesSubscribedTo } from '../webhooks/subscriptions.ts';
import { fromSqlRow, toMessage, type MessageSqlRow } from './messages.repository.ts';

export interface PendingMessage {
  conversationId: string;
  siteId: string;
  clientId: string;
  sender: Extract<MessageSender, 'visitor' | 'agent' | 'bot'>;
  agentId: string | null;
  authorName: string | null;
  text: string;
  internal: boolean;
}

export type WriteOutcome =
  /** `recorded`: its domain event (and whether outbox rows were written), for the Effects. */
  | { kind: 'created'; row: MessageRow; recorded: Effects }
  /** That client id was stored before: a retry, answered with the stored message. */
  | { kind: 'duplicate'; row: MessageRow }
  /** The conversation has ended (or is gone). */
  | { kind: 'closed' }
  /** An agent's reply to a waiting conversation: it must be claimed first. */
  | { kind: 'needs-claim' };

/** Large enough to absorb bursts, small enough to keep one statement's parameters modest. */
const MAX_BATCH = 500;
/**
 * A statement costs the embedded database ~280 µs whatever its size, plus ~60 µs a message, and
 * at 5,000 msg/s back-to-back batches held ~9 messages, ~550 a second. Letting the event loop read
 * its sockets first when fewer than a dozen wait cut its wait for a CPU at 5,000 msg/s from 15-22%
 * to 8-15% of the time (apps/bench, 2026-11-24; a 1 ms timer saved more CPU but cost ~1.5 ms at
 * the median, and its slowest points were no better).
 */
const GATHER = { items: 12 };

export interface MessageWriter {
  write(item: PendingMessage): Promise<WriteOutcome>;
}

/** What a handle's writer has done since it started (Prometheus reads it at scrape time). */
export interface MessageWriterStats {
  batches: number;
  /** Messages in those batches (a reply that had to claim its conversation first counts twice). */
  messages: number;
  /** From sending each batch to having its answer, summed: the database's time and the wait for it. */
  seconds: number;
}

const stats = new WeakMap<Database, MessageWriterStats>();

function statsOf(db: Database): MessageWriterStats {
  let counted = stats.get(db);
  if (!counted) stats.set(db, (counted = { batches: 0, messages: 0, seconds: 0 }));
  return counted;
}

/** A copy of the handle's figures so far. */
export function messageWriterStats(db: Database): MessageWriterStats {
  return { ...statsOf(db) };
}

const writers = batcherPerHandle(timedStoreBatch, MAX_BATCH, GATHER);

/** The writer of this database handle (one per handle, created on first use). */
export function messageWriter(db: Database): MessageWriter {
  const batcher = writers(db);
  return { write: batcher.submit };
}

/**
 * The batch statement; $1 is the batch as JSON. A data-modifying CTE such as "bumped" always runs
 * to completion, read or not. Lookups go by index on purpose (each conversation through a lateral
 * primary-key probe, and the client ids through parley_stored_messages, which plans its probes
 * with sequential scans off): the planner guesses 100 rows from jsonb_to_recordset and would
 * otherwise hash-join a sequential scan of every message ever stored, once per batch — or, with
 * statistics taken while the table was nearly empty, scan it once per item. The plan is cached for
 * the connection's life, and the embedded database never updates its statistics: `id = any(...)`
 * scanned all conversations (~60 µs a batch with 500 of them, growing with the table).
 *
 * `probe: false` leaves out the look-up of stored client ids, which only a retried send needs
 * (~70 µs a statement on the embedded database, whatever the batch's size): a retry then fails the
 * statement on the client-id index, and the batch runs again with the probe (see runStore).
 */
const storeSql = (probe: boolean) => `
    with input as (
      select * from jsonb_to_recordset($1::jsonb) as x(
        ord int, id uuid, conversation_id uuid, client_id text, sender text, agent_id uuid,
        author_name text, body text, internal boolean, repeat_of int)
    ),
    conv as (
      -- Locked in id order (the nested loop keeps its outer side's order), as concurrent nodes do.
      select c.id, c.last_seq, c.status
      from (select distinct conversation_id from input order by conversation_id) i
      cross join lateral (select id, last_seq, status from conversations c where c.id = i.conversation_id for update) c
    ),
    stored as (
      -- An index probe per item whatever the statistics say (migration 0013 has why).
      ${probe ? 'select * from parley_stored_messages($1::jsonb)' : 'select * from messages where false'}
    ),
    judged as (
      select i.*, c.last_seq,
        case
          when c.id is null or c.status not in ('waiting', 'active') then 'closed'
          when exists (select 1 from stored s where s.conversation_id = i.conversation_id and s.client_id = i.client_id)
            or i.repeat_of is not null then 'duplicate'
          when i.sender = 'agent' and not i.internal and c.status = 'waiting' then 'needs-claim'
          else 'created'
        end as kind
      from input i left join conv c on c.id = i.conversation_id
    ),
    fresh as (
      select j.*, j.last_seq + row_number() over (partition by j.conversation_id order by j.ord) as seq
      from judged j where j.kind = 'created'
    ),
    inserted as (
      insert into messages (id, conversation_id, seq, client_id, sender, agent_id, author_name, text, internal)
      select id, conversation_id, seq, client_id, sender, agent_id, author_name, body, internal from fresh
      returning id, conversation_id, seq, client_id, created_at
    ),
    bumped as (
      update conversations c
      set last_seq = c.last_seq + f.n,
          first_agent_reply_at = case when f.agent_reply and c.first_agent_reply_at is null then now() else c.first_agent_reply_at end
      from (
        select conversation_id, count(*)::int as n, bool_or(sender = 'agent' and not internal) as agent_reply
        from fresh group by conversation_id
      ) f
      where c.id = f.conversation_id
      returning c.id
    )
    -- A stored row's item is found by its client id (unique in the conversation), in the caller:
    -- joining back to "fresh" here made a nested loop over both, quadratic in the batch size.
    -- The caller has the rest of a new row (its item): only what the database made comes back.
    select null::int as ord, 'created' as kind, m.id, m.conversation_id, m.seq, m.client_id, null as sender,
           null as agent_id, null as author_name, null as text, null as internal, m.created_at
      from inserted m
    union all
    select j.ord, j.kind, s.id, s.conversation_id, s.seq, s.client_id, s.sender, s.agent_id,
           s.author_name, s.text, s.internal, s.created_at
      from judged j left join stored s on s.conversation_id = j.conversation_id and s.client_id = j.client_id
      where j.kind <> 'created'
`;

/** Prepared once per connection (runPrepared): planning this statement cost more than running it. */
const STATEMENTS = {
  probed: { name: 'parley_store_messages_v5', text: storeSql(true) },
  unprobed: { name: 'parley_store_messages_unprobed_v1', text: storeSql(false) },
};
/** The index a retried send's client id trips when the statement runs without the probe. */
const CLIENT_ID_INDEX = 'messages_conversation_client_idx';

interface ResultRow extends Omit<MessageSqlRow, 'id'> {
  /** Null for a stored row: its item is the first of the batch with its client id. */
  ord: number | null;
  kind: 'created' | 'duplicate' | 'closed' | 'needs-claim';
  /** Null for `closed` and `needs-claim`, and for a repeat within the batch. */
  id: string | null;
}

/** A new row: what the database made (id, seq, time) with the rest from its item. */
const createdRow = (row: ResultRow & { id: string }, item: PendingMessage): MessageRow =>
  fromSqlRow({ ...row, sender: item.sender, agent_id: item.agentId, author_name: item.authorName, text: item.text, internal: item.internal });

async function timedStoreBatch(db: Database, items: PendingMessage[]): Promise<WriteOutcome[]> {
  const counted = statsOf(db);
  counted.batches++;
  counted.messages += items.length;
  const started = performance.now();
  try {
    return await storeBatch(db, items);
  } finally {
    counted.seconds += (performance.now() - started) / 1000;
  }
}

async function storeBatch(db: Database, items: PendingMessage[]): Promise<WriteOutcome[]> {
  const siteIds = [...new Set(items.filter((m) => !m.internal).map((m) => m.siteId))];
  const subscribed = siteIds.length ? await sitesSubscribedTo(db, siteIds, 'message.created') : new Set();
  if (!subscribed.size) {
    // No outbox to write: the statement commits alone; the events still go to the Effects.
    const outcomes = await storeStatement(db, items, false);
    for (const [i, o] of outcomes.entries()) {
      if (o.kind !== 'created' || o.row.internal) continue;
      const message = toMessage(o.row);
      o.recorded.events.push({ type: 'message.created', siteId: items[i]!.siteId, conversationId: message.conversationId, message });
    }
    return outcomes;
  }
  return db.transaction(async (tx) => {
    const outcomes = await storeStatement(tx, items, true);
    for (const [i, o] of outcomes.entries()) {
      if (o.kind !== 'created' || o.row.internal) continue;
      const message = toMessage(o.row);
      await recordEvent(tx, o.recorded, { type: 'message.created', siteId: items[i]!.siteId, conversationId: message.conversationId, message });
    }
    return outcomes;
  });

}

/**
 * Runs the statement without the client-id probe first, and with it when a retried send's client
 * id fails it (retries are rare: a send whose ack was lost). Inside a transaction a failed
 * statement would abort it, so there the probe always runs.
 */
async function runStore(db: Executor, batch: string, inTransaction: boolean): Promise<ResultRow[]> {
  const probed = () => runPrepared<ResultRow>(db, STATEMENTS.probed.name, STATEMENTS.probed.text, [batch]);
  if (inTransaction) return probed();
  try {
    return await runPrepared<ResultRow>(db, STATEMENTS.unprobed.name, STATEMENTS.unprobed.text, [batch]);
  } catch (error) {
    if (isUniqueViolation(error, CLIENT_ID_INDEX)) return probed();
    throw error;
  }
}

async function storeStatement(db: Executor, items: PendingMessage[], inTransaction: boolean): Promise<WriteOutcome[]> {
  // Two sends of one client id in the same batch (a retry while the first was queued): store the
  // first, answer the second as its duplicate.
  const firstOf = new Map<string, number>();
  const input = items.map((m, ord) => {
    const key = `${m.conversationId}\u0000${m.clientId}`;
    const first = firstOf.get(key);
    if (first === undefined) firstOf.set(key, ord);
    return {
      ord,
      // Made here, not by gen_random_uuid(): the embedded database opens, reads and closes
      // /dev/urandom for every one (its PostgreSQL is built without OpenSSL).
      id: randomUUID(),
      conversation_id: m.conversationId,
      client_id: m.clientId,
      sender: m.sender,
      agent_id: m.agentId,
      author_name: m.authorName,
      body: m.text,
      internal: m.internal,
      repeat_of: first ?? null,
    };
  });
  const rows = await runStore(db, JSON.stringify(input), inTransaction);
  const byOrd = new Map(rows.map((r) => [r.ord ?? firstOf.get(`${r.conversation_id}\u0000${r.client_id}`), r]));
  const outcomes: WriteOutcome[] = items.map((item, ord) => {
    const row = byOrd.get(ord);
    if (!row) throw new Error(`message batch returned no outcome for item ${ord}`);
    if (row.kind === 'closed' || row.kind === 'needs-claim') return { kind: row.kind };
    // A repeat of an item of this same batch has no stored row yet: filled in just below.
    if (row.id === null) return undefined as never;
    if (row.kind === 'created') return { kind: 'created', row: createdRow({ ...row, id: row.id }, item), recorded: newEffects() };
    return { kind: 'duplicate', row: fromSqlRow({ ...row, id: row.id }) };
  });
  // A repeat of an item stored in this very batch answers with that item's row.
  input.forEach((entry) => {
    if (entry.repeat_of === null) return;
    const first = outcomes[entry.repeat_of]!;
    if (first.kind === 'created' || first.kind === 'duplicate') outcomes[entry.ord] = { kind: 'duplicate', row: first.row };
    else outcomes[entry.ord] = first;
  });
  return outcomes;
}
