/**
 * Runtime schemas for everything that crosses a transport, and the types inferred from them.
 * Imported by the server (validation at the edge). Clients import only the types (via index.ts),
 * so zod never reaches the widget bundle.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';

const id = z.string().uuid();
/** Client-generated id that makes a retried send idempotent. */
const clientId = z.string().min(1).max(LIMITS.clientIdLength).regex(/^[A-Za-z0-9_-]+$/);
/** Visitor or agent text: trimmed, non-empty, bounded; lone surrogates (broken UTF-16) refused. */
const messageText = z
  .string()
  .max(LIMITS.messageLength)
  .refine((s) => s.isWellFormed(), 'Text is not valid Unicode.')
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'A message cannot be empty.'));
const name = z.string().trim().min(1).max(LIMITS.nameLength);

// ---- entities sent to clients -------------------------------------------------------------

export const conversationStatusSchema = z.enum(['waiting', 'active', 'closed', 'missed', 'offline']);
/** `bot`: posted through the REST API by the site's own software, under a display name (`authorName`). */
export const messageSenderSchema = z.enum(['visitor', 'agent', 'bot', 'system']);
export const agentRoleSchema = z.enum(['admin', 'agent']);

export const messageSchema = z.object({
  id,
  conversationId: id,
  seq: z.number().int().positive(),
  clientId: z.string().nullable(),
  sender: messageSenderSchema,
  agentId: id.nullable(),
  authorName: z.string().nullable(),
  text: z.string(),
  /** Internal notes are for agents only and never reach the visitor. */
  internal: z.boolean(),
  createdAt: z.string(),
});

export const conversationSchema = z.object({
  id,
  siteId: id,
  channelId: id,
  channelName: z.string(),
  visitorId: id,
  visitorName: z.string().nullable(),
  agentId: id.nullable(),
  agentName: z.string().nullable(),
  status: conversationStatusSchema,
  lastSeq: z.number().int().nonnegative(),
  /** The last thing someone wrote, as a preview: `text` is cut at LIMITS.previewLength, with '…'. */
  lastMessage: z
    .object({
      text: z.string().describe(`The message's first ${LIMITS.previewLength} characters, '…' added when it is longer.`),
      sender: messageSenderSchema,
      createdAt: z.string(),
    })
    .nullable(),
  createdAt: z.string(),
  assignedAt: z.string().nullable(),
  firstAgentReplyAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Read receipts: the highest seq each side has seen. */
  visitorReadSeq: z.number().int().nonnegative(),
  agentReadSeq: z.number().int().nonnegative(),
  /** The visitor's post-chat survey answers, once given. */
  survey: z
    .object({
      csat: z.number().int(),
      nps: z.number().int().nullable(),
      ces: z.number().int().nullable(),
      comment: z.string().nullable(),
      answeredAt: z.string(),
    })
    .nullable(),
});

export const routingModeSchema = z.enum(['auto', 'manual']);
export const agentStatusSchema = z.enum(['online', 'away', 'offline']);

/** A channel as visitors see it: `online` is whether any agent of it is online now. */
export const channelSchema = z.object({ id, name: z.string(), online: z.boolean() });

/** Everything an agent sees about a visitor, so the visitor never has to repeat themselves. */
export const visitorContextSchema = z.object({
  id,
  name: z.string().nullable(),
  email: z.string().nullable(),
  verified: z.boolean(),
  externalId: z.string().nullable(),
  blocked: z.boolean(),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  currentUrl: z.string().nullable(),
  pages: z.array(z.object({ url: z.string(), title: z.string().optional(), at: z.string() })),
  locale: z.string().nullable(),
  timeZone: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});

export const prechatFieldSchema = z.enum(['hidden', 'optional', 'required']);

/** A proactive greeting: shown as a bubble by the launcher when the page matches, after a delay. */
export const triggerSchema = z.object({
  id: z.string().min(1).max(64),
  /** Matched against location.href; a star is a wildcard, e.g. `https://shop.example/pricing*`. */
  urlPattern: z.string().min(1).max(500),
  delaySeconds: z.number().int().min(0).max(3600),
  message: z.string().min(1).max(500),
});

export const widgetSettingsSchema = z.object({
  color: z.string(),
  position: z.enum(['right', 'left']),
  language: z.enum(['auto', 'en', 'vi']),
  greeting: z.string(),
  /** Which pre-chat fields the widget asks for before the first message. */
  prechat: z.object({ name: prechatFieldSchema, email: prechatFieldSchema }),
  triggers: z.array(triggerSchema).max(20),
  /** Agents see what the visitor is typing before it is sent (the widget tells the visitor so). */
  typingPreview: z.boolean(),
  /** The post-chat survey always asks CSAT (1–5); NPS (0–10) and CES (1–7) when turned on. */
  survey: z.object({ nps: z.boolean(), ces: z.boolean() }),
});

export const publicSiteSchema = z.object({
  id,
  name: z.string(),
  siteKey: z.string(),
  channels: z.array(channelSchema),
  widget: widgetSettingsSchema,
});

export const visitorSchema = z.object({
  id,
  name: z.string().nullable(),
  email: z.string().nullable(),
  /** True when name, email and user id come from a JWT the site's backend signed; else claims are unverified. */
  verified: z.boolean(),
});

/** Custom attributes a site attaches to a visitor (plan, order count, ...). */
export const visitorAttributesSchema = z
  .record(z.string().min(1).max(50), z.union([z.string().max(500), z.number(), z.boolean()]))
  .refine((a) => Object.keys(a).length <= 50, 'At most 50 attributes.');

/** Where the visitor is, sent with each session request (for the agent's visitor context). */
export const visitorPageSchema = z.object({
  url: z.string().max(2000),
  title: z.string().max(300).optional(),
});

export const agentSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  role: agentRoleSchema,
});

export const agentSiteSchema = z.object({
  id,
  name: z.string(),
  siteKey: z.string(),
  channels: z.array(channelSchema),
});

/** One channel's queue against its cap, as agents see it. */
export const channelQueueSchema = z.object({
  channelId: id,
  name: z.string(),
  routingMode: routingModeSchema,
  waiting: z.number().int().nonnegative(),
  maxWaiting: z.number().int().nonnegative(),
  agentsOnline: z.number().int().nonnegative(),
});
/** A site's queues: pushed to its agents whenever a queue changes. */
export const siteQueueSchema = z.object({
  siteId: id,
  waiting: z.number().int().nonnegative(),
  maxWaitingTotal: z.number().int().nonnegative(),
  channels: z.array(channelQueueSchema),
});

/** An agent's availability and load. */
export const agentStateSchema = z.object({
  agentId: id,
  name: z.string(),
  status: agentStatusSchema,
  activeChats: z.number().int().nonnegative(),
  maxChats: z.number().int().nonnegative(),
  channelIds: z.array(id),
});

/** The visitor's place in line; sent whenever it changes. */
export const queuePositionSchema = z.object({
  conversationId: id,
  position: z.number().int().positive(),
  /** Estimated seconds until an agent joins, from recent handle times; null when unknown. */
  estimatedWaitSeconds: z.number().int().nonnegative().nullable(),
});

// ---- HTTP bodies --------------------------------------------------------------------------

const siteKey = z.string().min(1).max(64);

export const visitorSessionRequestSchema = z.object({
  siteKey,
  /** A visitor token from an earlier session; when valid for this site it is renewed. */
  token: z.string().max(4096).optional(),
  page: visitorPageSchema.optional(),
  /** Browser hints for agents: language and time zone. */
  locale: z.string().max(35).optional(),
  timeZone: z.string().max(64).optional(),
});

/** `Parley('identify', …)`: claims about the visitor, verified when `identityToken` is a valid site-signed JWT. */
export const identifyVisitorRequestSchema = z.object({
  siteKey,
  token: z.string().max(4096),
  name: name.optional(),
  email: z.string().trim().toLowerCase().email().max(LIMITS.emailLength).optional(),
  userId: z.string().min(1).max(200).optional(),
  attributes: visitorAttributesSchema.optional(),
  /** HS256 JWT signed with the site's identity secret: `sub` = user id, optional `name`, `email`. */
  identityToken: z.string().max(4096).optional(),
});

export const widgetConfigQuerySchema = z.object({ siteKey });
export const faqSearchQuerySchema = z.object({
  siteKey,
  q: z.string().max(200).default(''),
  lang: z.enum(['en', 'vi']).optional(),
});
export const faqArticleSchema = z.object({ id, title: z.string(), body: z.string(), language: z.enum(['en', 'vi']) });
export const visitorSessionResponseSchema = z.object({
  token: z.string(),
  visitor: visitorSchema,
  site: publicSiteSchema,
});

export const agentLoginRequestSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(LIMITS.emailLength),
  password: z.string().min(1).max(LIMITS.passwordMaxLength),
});
export const agentSessionResponseSchema = z.object({
  token: z.string(),
  agent: agentSchema,
  sites: z.array(agentSiteSchema),
});

// ---- socket payloads ----------------------------------------------------------------------

export const startConversationSchema = z.object({
  channelId: id,
  /** Optional first message, stored in the same transaction as the conversation. */
  text: messageText.optional(),
  clientId: clientId.optional(),
  name: name.optional(),
});
export const sendMessageSchema = z.object({
  conversationId: id,
  clientId,
  text: messageText,
});
export const sendAgentMessageSchema = sendMessageSchema.extend({
  internal: z.boolean().optional(),
});
export const syncConversationSchema = z.object({
  conversationId: id,
  /** Return messages with seq greater than this (0 = from the start). */
  afterSeq: z.number().int().nonnegative(),
});
export const conversationRefSchema = z.object({ conversationId: id });
export const listConversationsSchema = z.object({
  siteId: id.optional(),
  statuses: z.array(conversationStatusSchema).max(5).optional(),
});
export const typingSchema = z.object({
  conversationId: id,
  typing: z.boolean(),
  /** Visitors only: what they are typing, for the agent's sneak peek (sites can turn it off). */
  preview: z.string().max(LIMITS.messageLength).optional(),
});
/** "I have read up to seq": read receipts for the other side. */
export const markReadSchema = z.object({ conversationId: id, seq: z.number().int().nonnegative() });
export const searchConversationsSchema = z.object({
  /** Matches visitor name, email and message text; Vietnamese diacritics optional. */
  query: z.string().trim().max(200).default(''),
  siteId: id.optional(),
  channelId: id.optional(),
  agentId: id.optional(),
  statuses: z.array(conversationStatusSchema).max(5).optional(),
});
/** The post-chat survey: CSAT always, NPS and CES when the site asks them, a comment if the visitor likes. */
export const answerSurveySchema = z.object({
  conversationId: id,
  csat: z.number().int().min(1).max(5),
  nps: z.number().int().min(0).max(10).optional(),
  ces: z.number().int().min(1).max(7).optional(),
  comment: z.string().trim().max(2000).optional(),
});
export const blockVisitorSchema = z.object({ visitorId: id, blocked: z.boolean() });
export const visitorRefSchema = z.object({ visitorId: id });
export const setAgentStatusSchema = z.object({ status: agentStatusSchema });
export const siteRefSchema = z.object({ siteId: id });
export const transferConversationSchema = z
  .object({
    conversationId: id,
    toAgentId: id.optional(),
    toChannelId: id.optional(),
    /** Shown to the receiving agent as an internal note. */
    note: messageText.optional(),
  })
  .refine((v) => (v.toAgentId ? 1 : 0) + (v.toChannelId ? 1 : 0) === 1, 'Transfer to exactly one agent or one channel.');
/** The offline form: left when the queue is full or nobody is online. */
export const leaveMessageSchema = z.object({
  channelId: id,
  text: messageText,
  email: z.string().trim().toLowerCase().email().max(LIMITS.emailLength),
  name: name.optional(),
  clientId: clientId.optional(),
});
export const emptySchema = z.object({}).strict().optional();
/** An agent starts a conversation with a visitor who is on the site now. */
export const initiateConversationSchema = z.object({
  visitorId: id,
  channelId: id,
  text: messageText,
  clientId,
});

/** A visitor connected now, as agents see them for proactive chats. */
export const onlineVisitorSchema = z.object({
  visitorId: id,
  name: z.string().nullable(),
  email: z.string().nullable(),
  verified: z.boolean(),
  currentUrl: z.string().nullable(),
  lastSeenAt: z.string(),
  /** Their open conversation, if any. */
  conversationId: id.nullable(),
});

/** The metrics query (see metrics.ts for the report it returns). */
export const metricsQuerySchema = z.object({
  /** ISO instants; default: the last 7 days. */
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  channelId: z.string().uuid().optional(),
  agentId: z.string().uuid().optional(),
  /** IANA time zone of the day/hour buckets. */
  tz: z.string().max(64).default('UTC'),
  bucket: z.enum(['hour', 'day']).default('day'),
  format: z.enum(['json', 'csv']).default('json'),
});

// ---- inferred types -----------------------------------------------------------------------

export type ConversationStatus = z.infer<typeof conversationStatusSchema>;
export type RoutingMode = z.infer<typeof routingModeSchema>;
export type AgentStatus = z.infer<typeof agentStatusSchema>;
export type ChannelQueue = z.infer<typeof channelQueueSchema>;
export type SiteQueue = z.infer<typeof siteQueueSchema>;
export type AgentState = z.infer<typeof agentStateSchema>;
export type QueuePosition = z.infer<typeof queuePositionSchema>;
export type SetAgentStatus = z.input<typeof setAgentStatusSchema>;
export type SiteRef = z.input<typeof siteRefSchema>;
export type TransferConversation = z.input<typeof transferConversationSchema>;
export type LeaveMessage = z.input<typeof leaveMessageSchema>;
export type PrechatField = z.infer<typeof prechatFieldSchema>;
export type Trigger = z.infer<typeof triggerSchema>;
export type VisitorAttributes = z.infer<typeof visitorAttributesSchema>;
export type VisitorPage = z.infer<typeof visitorPageSchema>;
export type IdentifyVisitorRequest = z.input<typeof identifyVisitorRequestSchema>;
export type FaqArticle = z.infer<typeof faqArticleSchema>;
export type InitiateConversation = z.input<typeof initiateConversationSchema>;
export type OnlineVisitor = z.infer<typeof onlineVisitorSchema>;
export type VisitorContext = z.infer<typeof visitorContextSchema>;
export type MarkRead = z.input<typeof markReadSchema>;
export type SearchConversations = z.input<typeof searchConversationsSchema>;
export type BlockVisitor = z.input<typeof blockVisitorSchema>;
export type AnswerSurvey = z.input<typeof answerSurveySchema>;
export type MetricsQuery = z.input<typeof metricsQuerySchema>;
export type VisitorRef = z.input<typeof visitorRefSchema>;
export type MessageSender = z.infer<typeof messageSenderSchema>;
export type AgentRole = z.infer<typeof agentRoleSchema>;
export type Message = z.infer<typeof messageSchema>;
export type Conversation = z.infer<typeof conversationSchema>;
export type Channel = z.infer<typeof channelSchema>;
export type WidgetSettings = z.infer<typeof widgetSettingsSchema>;
export type PublicSite = z.infer<typeof publicSiteSchema>;
export type Visitor = z.infer<typeof visitorSchema>;
export type Agent = z.infer<typeof agentSchema>;
export type AgentSite = z.infer<typeof agentSiteSchema>;
export type VisitorSessionRequest = z.input<typeof visitorSessionRequestSchema>;
export type VisitorSessionResponse = z.infer<typeof visitorSessionResponseSchema>;
export type AgentLoginRequest = z.input<typeof agentLoginRequestSchema>;
export type AgentSessionResponse = z.infer<typeof agentSessionResponseSchema>;
export type StartConversation = z.input<typeof startConversationSchema>;
export type SendMessage = z.input<typeof sendMessageSchema>;
export type SendAgentMessage = z.input<typeof sendAgentMessageSchema>;
export type SyncConversation = z.input<typeof syncConversationSchema>;
export type ConversationRef = z.input<typeof conversationRefSchema>;
export type ListConversations = z.input<typeof listConversationsSchema>;
export type Typing = z.input<typeof typingSchema>;
