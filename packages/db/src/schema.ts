/**
 * Drizzle schema: the tables behind sites (tenants), channels, agents, visitors, conversations
 * and messages. Change it, then run `pnpm db:generate` and commit the new migration.
 */
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export interface WidgetSettingsColumn {
  color: string;
  position: 'right' | 'left';
  language: 'auto' | 'en' | 'vi';
  greeting: string;
  /** Added later; absent in older rows (the server applies defaults). */
  prechat?: { name: 'hidden' | 'optional' | 'required'; email: 'hidden' | 'optional' | 'required' };
  triggers?: { id: string; urlPattern: string; delaySeconds: number; message: string }[];
  typingPreview?: boolean;
  survey?: { nps: boolean; ces: boolean };
}

export interface VisitedPage {
  url: string;
  title?: string;
  at: string;
}

export const sites = pgTable('sites', {
  id: uuid('id').primaryKey().defaultRandom(),
  siteKey: text('site_key').notNull().unique(),
  name: text('name').notNull(),
  /** Signs verified visitor identities (the site's backend holds it too). */
  identitySecret: text('identity_secret').notNull(),
  /** Origins allowed to embed the widget; empty means any origin. */
  allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  widget: jsonb('widget').$type<WidgetSettingsColumn>().notNull(),
  maxWaitingTotal: integer('max_waiting_total').notNull().default(15),
  /** Closed conversations older than this many days are deleted by the retention job; null keeps them. */
  transcriptRetentionDays: integer('transcript_retention_days'),
  createdAt: createdAt(),
});

export const channels = pgTable(
  'channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    routingMode: text('routing_mode', { enum: ['auto', 'manual'] }).notNull().default('auto'),
    maxWaiting: integer('max_waiting').notNull().default(2),
    overflowChannelId: uuid('overflow_channel_id'),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('channels_site_idx').on(t.siteId)],
);

export const agents = pgTable('agents', {
  id: uuid('id').primaryKey().defaultRandom(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** scrypt hash in the form `scrypt$N$r$p$salt$hash` (never the plain password). */
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['admin', 'agent'] }).notNull().default('agent'),
  maxChats: integer('max_chats').notNull().default(3),
  /**
   * The agent's active conversations, all sites: the load compared with `maxChats`. Kept by a
   * trigger on conversations (migration 0012), so no code path can forget it; read from a locked
   * row it is current, and routing need not count conversations under its locks.
   */
  activeChats: integer('active_chats').notNull().default(0),
  status: text('status', { enum: ['online', 'away', 'offline'] }).notNull().default('offline'),
  active: boolean('active').notNull().default(true),
  /** Bumped to revoke every token issued before (logout everywhere, deactivation). */
  tokenVersion: integer('token_version').notNull().default(0),
  lastAssignedAt: ts('last_assigned_at'),
  /** Last time a socket of this agent connected (any node): a departure older than this is void. */
  lastConnectedAt: ts('last_connected_at'),
  /**
   * When the agent was last seen with no connection on any node (null while connected). The
   * scheduler takes them offline once this is older than the grace period.
   */
  disconnectedAt: ts('disconnected_at'),
  createdAt: createdAt(),
});

export const siteAgents = pgTable(
  'site_agents',
  {
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.agentId] }), index('site_agents_agent_idx').on(t.agentId)],
);

export const channelAgents = pgTable(
  'channel_agents',
  {
    channelId: uuid('channel_id').notNull().references(() => channels.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').notNull().references(() => agents.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.agentId] }), index('channel_agents_agent_idx').on(t.agentId)],
);

export const visitors = pgTable(
  'visitors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name'),
    email: text('email'),
    externalId: text('external_id'),
    attributes: jsonb('attributes').$type<Record<string, string | number | boolean>>().notNull().default(sql`'{}'::jsonb`),
    verified: boolean('verified').notNull().default(false),
    blocked: boolean('blocked').notNull().default(false),
    currentUrl: text('current_url'),
    /** The latest pages (newest last, a few dozen at most) for the agent's visitor context. */
    pages: jsonb('pages').$type<VisitedPage[]>().notNull().default(sql`'[]'::jsonb`),
    locale: text('locale'),
    timeZone: text('time_zone'),
    createdAt: createdAt(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    /** Like agents.disconnected_at: a waiting visitor gone past the grace period is missed. */
    disconnectedAt: ts('disconnected_at'),
  },
  (t) => [
    index('visitors_site_idx').on(t.siteId),
    // One visitor per verified user of a site: identify on a new device finds them again.
    uniqueIndex('visitors_site_external_idx').on(t.siteId, t.externalId).where(sql`${t.verified}`),
  ],
);

/** Starts refused with QUEUE_FULL: a KPI, kept because a refused start leaves no conversation. */
export const queueRefusals = pgTable(
  'queue_refusals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id').notNull().references(() => channels.id, { onDelete: 'cascade' }),
    visitorId: uuid('visitor_id').references(() => visitors.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('queue_refusals_site_idx').on(t.siteId, t.createdAt)],
);

/** Saved replies an agent expands in the composer by typing `/shortcut`. */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    shortcut: text('shortcut').notNull(),
    text: text('text').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('canned_site_shortcut_idx').on(t.siteId, t.shortcut)],
);

/** Self-service articles the widget searches before and instead of waiting. */
export const faqArticles = pgTable(
  'faq_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    language: text('language', { enum: ['en', 'vi'] }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** Title and body folded (lower case, no diacritics) for accent-insensitive search. */
    searchText: text('search_text').notNull(),
    position: integer('position').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('faq_articles_site_idx').on(t.siteId, t.language)],
);

export const conversations = pgTable(
  'conversations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id').notNull().references(() => channels.id),
    visitorId: uuid('visitor_id').notNull().references(() => visitors.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id').references(() => agents.id),
    /** Set by a transfer to an agent who had no capacity: only that agent may take it from the queue. */
    requestedAgentId: uuid('requested_agent_id').references(() => agents.id),
    status: text('status', { enum: ['waiting', 'active', 'closed', 'missed', 'offline'] }).notNull(),
    transferCount: integer('transfer_count').notNull().default(0),
    /** Who began it: a visitor, an agent reaching out (proactive), or the offline form. */
    source: text('source', { enum: ['visitor', 'agent', 'offline'] }).notNull().default('visitor'),
    visitorReadSeq: integer('visitor_read_seq').notNull().default(0),
    agentReadSeq: integer('agent_read_seq').notNull().default(0),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** Post-chat survey: CSAT 1–5, NPS 0–10, CES 1–7, a comment; answered once. */
    csat: integer('csat'),
    nps: integer('nps'),
    ces: integer('ces'),
    surveyComment: text('survey_comment'),
    surveyAt: ts('survey_at'),
    /** When it (last) joined the queue: FIFO order, and queue-wait metrics. */
    queuedAt: ts('queued_at'),
    /** Highest message sequence number; bumped under the row lock when a message is stored. */
    lastSeq: integer('last_seq').notNull().default(0),
    createdAt: createdAt(),
    assignedAt: ts('assigned_at'),
    firstAgentReplyAt: ts('first_agent_reply_at'),
    closedAt: ts('closed_at'),
  },
  (t) => [
    index('conversations_site_status_idx').on(t.siteId, t.status, t.createdAt),
    index('conversations_channel_status_idx').on(t.channelId, t.status, t.createdAt),
    index('conversations_visitor_idx').on(t.visitorId, t.createdAt),
    index('conversations_agent_status_idx').on(t.agentId, t.status),
    index('conversations_channel_queue_idx').on(t.channelId, t.status, t.queuedAt),
  ],
);

export const messages = pgTable(
  'messages',
  {
    /**
     * A random UUID (made by the message writer, or by default): what clients and webhooks know a
     * message by. Nothing looks a message up by it, so it has no index: the key is
     * (conversation_id, seq), the order every read goes in (migration 0014 has why).
     */
    id: uuid('id').notNull().defaultRandom(),
    /**
     * No foreign key: every insert runs under the conversation's row lock after finding the row, so
     * the per-row check only cost time; a trigger on conversations deletes their messages instead
     * of ON DELETE CASCADE (migration 0014).
     */
    conversationId: uuid('conversation_id').notNull(),
    seq: integer('seq').notNull(),
    clientId: text('client_id'),
    /** `bot`: posted through the REST API under a display name (author_name), by no agent. */
    sender: text('sender', { enum: ['visitor', 'agent', 'bot', 'system'] }).notNull(),
    /** An agent of the conversation's site (agents are deactivated, never deleted); no foreign key, as above. */
    agentId: uuid('agent_id'),
    authorName: text('author_name'),
    text: text('text').notNull(),
    internal: boolean('internal').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'messages_conversation_seq_pk', columns: [t.conversationId, t.seq] }),
    // A retried send carries the same client id: this index is what stores it once.
    uniqueIndex('messages_conversation_client_idx').on(t.conversationId, t.clientId),
  ],
);

/**
 * Leases for work that must run on one node at a time (the scheduler): held by `holder` until
 * `expires_at`, renewed while it lives; a node that dies lets it expire for another to take.
 */
export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

/**
 * REST API tokens of a site (server-to-server). Only the SHA-256 of a token is kept: it is shown
 * once at creation. A revoked token stays listed (revoked_at) so its history is not lost.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** The first characters of the token, to recognise it in the list. */
    prefix: text('prefix').notNull(),
    scopes: jsonb('scopes').$type<('read' | 'write')[]>().notNull(),
    createdBy: uuid('created_by').references(() => agents.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_tokens_site_idx').on(t.siteId)],
);

/** A site's webhook endpoint: where events are POSTed, signed with its secret. */
export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** Subscribed event types (protocol `WEBHOOK_EVENT_TYPES`). */
    events: jsonb('events').$type<string[]>().notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** HMAC-SHA256 key of the `Parley-Signature` header; needed in clear to sign, never logged. */
    secret: text('secret').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_endpoints_site_idx').on(t.siteId)],
);

/**
 * The webhook outbox: one row per event, written in the same transaction as the change it
 * describes, with the exact JSON body (text, so every retry signs and sends the same bytes).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: uuid('id').primaryKey(),
    siteId: uuid('site_id').notNull().references(() => sites.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    body: text('body').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('webhook_events_site_idx').on(t.siteId, t.createdAt)],
);

/** One event to one endpoint: claimed by a node's worker (SKIP LOCKED + lease), retried with backoff. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id').notNull().references(() => webhookEvents.id, { onDelete: 'cascade' }),
    endpointId: uuid('endpoint_id').notNull().references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['pending', 'delivered', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** Pending: when it is due; while an attempt runs, the end of that node's lease. */
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    lastAttemptAt: ts('last_attempt_at'),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms'),
    error: text('error'),
    responseSnippet: text('response_snippet'),
    deliveredAt: ts('delivered_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_event_idx').on(t.eventId),
  ],
);

export type SiteRow = typeof sites.$inferSelect;
export type ChannelRow = typeof channels.$inferSelect;
export type AgentRow = typeof agents.$inferSelect;
export type VisitorRow = typeof visitors.$inferSelect;
export type ConversationRow = typeof conversations.$inferSelect;
export type MessageRow = typeof messages.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type FaqArticleRow = typeof faqArticles.$inferSelect;
export type CannedResponseRow = typeof cannedResponses.$inferSelect;
export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Large payloads of the Socket.IO Postgres adapter (the table its documentation asks for). */
export const socketIoAttachments = pgTable('socket_io_attachments', {
  id: bigserial('id', { mode: 'number' }).unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow(),
  payload: bytea('payload'),
});
