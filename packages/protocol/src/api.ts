/**
 * The REST API for site owners' servers (paths: `API` in http.ts): API tokens, request bodies and
 * queries, response shapes and the error body. The server validates with these schemas and builds
 * the OpenAPI document from them (zod → JSON Schema), so the document cannot drift from the code.
 */
import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { LIMITS } from './limits.ts';
import type { MetricsReport } from './metrics.ts';
import {
  agentStateSchema,
  conversationSchema,
  conversationStatusSchema,
  messageSchema,
  metricsQuerySchema,
  routingModeSchema,
  siteQueueSchema,
  visitorContextSchema,
} from './schemas.ts';

const id = z.string().uuid();
const name = z.string().trim().min(1).max(LIMITS.nameLength);
const clientId = z.string().min(1).max(LIMITS.clientIdLength).regex(/^[A-Za-z0-9_-]+$/);
const messageText = z
  .string()
  .max(LIMITS.messageLength)
  .refine((s) => s.isWellFormed(), 'Text is not valid Unicode.')
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'A message cannot be empty.'));

// ---- tokens ----------------------------------------------------------------------------------

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'parley_';
/** `read`: every GET. `write`: sending messages, closing, transferring, updating visitors. */
export const apiScopeSchema = z.enum(['read', 'write']);

export const apiTokenSchema = z.object({
  id,
  name: z.string(),
  /** The token's first characters, to recognise it; the rest is never shown again. */
  prefix: z.string(),
  scopes: z.array(apiScopeSchema),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export const createApiTokenSchema = z.object({
  name,
  scopes: z.array(apiScopeSchema).min(1).max(2).default(['read']),
});
/** The creation answer: the only time the token itself is shown. */
export const createdApiTokenSchema = apiTokenSchema.extend({ token: z.string() });

// ---- errors ----------------------------------------------------------------------------------

/** The body of every error response (see apps/server/src/http/error-handler.ts). */
export function errorResponseSchema(codes: readonly ErrorCode[] = ERROR_CODES) {
  return z.object({
    error: z.object({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      /** Field-level details of VALIDATION errors. */
      issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    }),
  });
}

// ---- requests --------------------------------------------------------------------------------

/** A comma-separated list (`?status=waiting,active`) or the parameter repeated. */
const list = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item).max(max));
const pageLimit = (max: number, fallback: number) => z.coerce.number().int().min(1).max(max).default(fallback);
/** Opaque: pass back the `nextCursor` of the previous page. */
const cursor = z.string().max(200);

export const conversationIdParamsSchema = z.object({ conversationId: id });
export const visitorIdParamsSchema = z.object({ visitorId: id });
export const channelIdParamsSchema = z.object({ channelId: id });
export const agentIdParamsSchema = z.object({ agentId: id });

export const apiListConversationsQuerySchema = z.object({
  status: list(conversationStatusSchema, 5).optional(),
  channelId: id.optional(),
  agentId: id.optional(),
  visitorId: id.optional(),
  /** Only conversations started at or after this instant. */
  since: z.string().datetime({ offset: true }).optional(),
  cursor: cursor.optional(),
  limit: pageLimit(100, 50),
});

export const apiListMessagesQuerySchema = z.object({
  /** Messages with a sequence number greater than this (0 = from the start). */
  after: z.coerce.number().int().nonnegative().default(0),
  limit: pageLimit(LIMITS.historyPage, 100),
  /** `false` leaves internal notes out (what the visitor saw). */
  internal: z.enum(['true', 'false']).default('true'),
});

/**
 * A message from the site's software: as an agent of the site (`agentId`; answering a waiting
 * conversation assigns it to them, as in the console) or as a bot (`botName`, shown as the author).
 */
export const apiSendMessageSchema = z
  .object({
    text: messageText,
    agentId: id.optional(),
    botName: name.optional(),
    /** An internal note: agents see it, the visitor never does. */
    internal: z.boolean().default(false),
    /** Idempotency key: a retried request with the same clientId is stored once. */
    clientId: clientId.optional(),
  })
  .refine((v) => (v.agentId ? 1 : 0) + (v.botName ? 1 : 0) === 1, 'Give exactly one of agentId or botName.');

/** Closing on behalf of an agent of the site (named in the conversation's record). */
export const apiCloseConversationSchema = z.object({ agentId: id });

export const apiTransferConversationSchema = z
  .object({
    /** The agent of the site on whose behalf the transfer is made. */
    agentId: id,
    toAgentId: id.optional(),
    toChannelId: id.optional(),
    /** Shown to the receiving agent as an internal note. */
    note: messageText.optional(),
  })
  .refine((v) => (v.toAgentId ? 1 : 0) + (v.toChannelId ? 1 : 0) === 1, 'Transfer to exactly one agent or one channel.');

export const apiListVisitorsQuerySchema = z.object({
  email: z.string().trim().toLowerCase().max(LIMITS.emailLength).optional(),
  /** The site's own user id (`sub` of a verified identity). */
  userId: z.string().max(200).optional(),
  cursor: cursor.optional(),
  limit: pageLimit(100, 50),
});

/** Attributes are merged into the visitor's; a null value removes that attribute. */
export const apiUpdateVisitorSchema = z.object({
  name: name.optional(),
  email: z.string().trim().toLowerCase().email().max(LIMITS.emailLength).optional(),
  attributes: z
    .record(z.string().min(1).max(50), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
    .refine((a) => Object.keys(a).length <= 50, 'At most 50 attributes.')
    .optional(),
});

export const apiMetricsQuerySchema = metricsQuerySchema.omit({ format: true });

// ---- responses -------------------------------------------------------------------------------

export const apiSiteSchema = z.object({
  id,
  name: z.string(),
  siteKey: z.string(),
  /** The token making the request. */
  token: z.object({ id, name: z.string(), scopes: z.array(apiScopeSchema) }),
});

export const conversationPageSchema = z.object({
  conversations: z.array(conversationSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export const conversationResponseSchema = z.object({ conversation: conversationSchema });
export const messagePageSchema = z.object({
  messages: z.array(messageSchema),
  /** Pass as `after` for the next page; null when there is nothing more. */
  nextAfter: z.number().int().nullable(),
});
export const messageResponseSchema = z.object({ message: messageSchema });
export const visitorListSchema = z.object({ visitors: z.array(visitorContextSchema), nextCursor: z.string().nullable() });
export const visitorDetailSchema = z.object({
  visitor: visitorContextSchema,
  /** Their conversations, newest first (up to 200). */
  conversations: z.array(conversationSchema),
});
export const visitorResponseSchema = z.object({ visitor: visitorContextSchema });

/** A channel with its queue against its cap right now. */
export const apiChannelSchema = z.object({
  id,
  name: z.string(),
  routingMode: routingModeSchema,
  maxWaiting: z.number().int().nonnegative(),
  overflowChannelId: id.nullable(),
  waiting: z.number().int().nonnegative(),
  agentsOnline: z.number().int().nonnegative(),
});
export const channelListSchema = z.object({ channels: z.array(apiChannelSchema) });
export const agentListSchema = z.object({ agents: z.array(agentStateSchema) });
export { siteQueueSchema, agentStateSchema };

const metricSummarySchema = z.object({
  started: z.number().int(),
  answered: z.number().int(),
  missed: z.number().int(),
  offline: z.number().int(),
  queueFullRefusals: z.number().int(),
  firstResponseMedian: z.number().nullable(),
  firstResponseP90: z.number().nullable(),
  firstResponseWithinTarget: z.number().nullable(),
  averageResponse: z.number().nullable(),
  handleTimeAverage: z.number().nullable(),
  resolutionTimeAverage: z.number().nullable(),
  firstContactResolution: z.number().nullable(),
  queueWaitMedian: z.number().nullable(),
  queueWaitP90: z.number().nullable(),
  csatAverage: z.number().nullable(),
  csatSatisfied: z.number().nullable(),
  surveyResponses: z.number().int(),
  nps: z.number().nullable(),
  cesAverage: z.number().nullable(),
});
/** The KPI report (metrics.ts has the meaning of each figure). */
export const metricsReportSchema = z.object({
  from: z.string(),
  to: z.string(),
  tz: z.string(),
  targets: z.object({ firstResponseSeconds: z.number(), firstContactResolution: z.number(), maxWaitingPerChannel: z.number() }),
  summary: metricSummarySchema,
  series: z.array(metricSummarySchema.extend({ bucket: z.string() })),
  byChannel: z.array(metricSummarySchema.extend({ channelId: id, name: z.string() })),
  byAgent: z.array(metricSummarySchema.extend({ agentId: id, name: z.string() })),
});
// The schema and the hand-written interface must describe the same report.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const reportShapesAgree: Same<Omit<z.infer<typeof metricsReportSchema>, 'targets'>, Omit<MetricsReport, 'targets'>> = true;
void reportShapesAgree;

// ---- types -----------------------------------------------------------------------------------

export type ApiScope = z.infer<typeof apiScopeSchema>;
export type ApiToken = z.infer<typeof apiTokenSchema>;
export type CreateApiToken = z.input<typeof createApiTokenSchema>;
export type CreatedApiToken = z.infer<typeof createdApiTokenSchema>;
export type ApiSite = z.infer<typeof apiSiteSchema>;
export type ApiChannel = z.infer<typeof apiChannelSchema>;
export type ApiSendMessage = z.input<typeof apiSendMessageSchema>;
export type ApiTransferConversation = z.input<typeof apiTransferConversationSchema>;
export type ApiUpdateVisitor = z.input<typeof apiUpdateVisitorSchema>;
export type ConversationPage = z.infer<typeof conversationPageSchema>;
export type MessagePage = z.infer<typeof messagePageSchema>;
export type VisitorList = z.infer<typeof visitorListSchema>;
