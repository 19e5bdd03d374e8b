/**
 * The admin API (role `admin`, own sites only): request bodies and response shapes. Runtime
 * schemas for the server; inferred types for the console.
 */
import { z } from 'zod';
import { LIMITS } from './limits.ts';
import { WEBHOOK_EVENT_TYPES } from './webhooks.ts';
import { agentRoleSchema, agentStatusSchema, messageSenderSchema, routingModeSchema, triggerSchema, visitorContextSchema, widgetSettingsSchema } from './schemas.ts';

const id = z.string().uuid();
const name = z.string().trim().min(1).max(LIMITS.nameLength);
const origin = z
  .string()
  .trim()
  .max(200)
  .regex(/^https?:\/\/[^/\s]+$/i, 'An origin is scheme://host[:port], without a path.');

export const adminSiteSchema = z.object({
  id,
  name: z.string(),
  siteKey: z.string(),
  allowedOrigins: z.array(z.string()),
  maxWaitingTotal: z.number().int(),
  /** Closed conversations older than this many days are deleted; null keeps them forever. */
  transcriptRetentionDays: z.number().int().nullable(),
  widget: widgetSettingsSchema,
  /** The script tag to paste, for this server's public URL. */
  snippet: z.string(),
});
export const createSiteSchema = z.object({ name });
export const updateSiteSchema = z.object({
  name: name.optional(),
  allowedOrigins: z.array(origin).max(50).optional(),
  maxWaitingTotal: z.number().int().min(0).max(1000).optional(),
  transcriptRetentionDays: z.number().int().min(1).max(LIMITS.retentionDaysMax).nullable().optional(),
  widget: widgetSettingsSchema
    .extend({
      color: z.string().regex(/^#[0-9a-f]{6}$/i, 'A colour is #rrggbb.'),
      greeting: z.string().max(300),
      triggers: z.array(triggerSchema).max(20),
    })
    .partial()
    .optional(),
});

export const adminChannelSchema = z.object({
  id,
  name: z.string(),
  routingMode: routingModeSchema,
  maxWaiting: z.number().int(),
  overflowChannelId: id.nullable(),
  position: z.number().int(),
  memberIds: z.array(id),
});
export const upsertChannelSchema = z.object({
  name,
  routingMode: routingModeSchema.default('auto'),
  maxWaiting: z.number().int().min(0).max(100).default(2),
  overflowChannelId: id.nullable().default(null),
  memberIds: z.array(id).max(500).default([]),
});
export const updateChannelSchema = upsertChannelSchema.partial();

export const adminAgentSchema = z.object({
  id,
  name: z.string(),
  email: z.string(),
  role: agentRoleSchema,
  maxChats: z.number().int(),
  status: agentStatusSchema,
  active: z.boolean(),
  channelIds: z.array(id),
});
export const createAgentSchema = z.object({
  name,
  email: z.string().trim().toLowerCase().email().max(LIMITS.emailLength),
  password: z.string().min(LIMITS.passwordMinLength).max(LIMITS.passwordMaxLength),
  role: agentRoleSchema.default('agent'),
  maxChats: z.number().int().min(0).max(50).default(3),
  channelIds: z.array(id).max(100).default([]),
});
export const updateAgentSchema = z.object({
  name: name.optional(),
  role: agentRoleSchema.optional(),
  maxChats: z.number().int().min(0).max(50).optional(),
  channelIds: z.array(id).max(100).optional(),
  /** false deactivates: sign-in refused and open sessions ended at once. */
  active: z.boolean().optional(),
  password: z.string().min(LIMITS.passwordMinLength).max(LIMITS.passwordMaxLength).optional(),
});

export const cannedResponseSchema = z.object({
  id,
  /** Typed after a slash in the composer, e.g. `refund` for `/refund`. */
  shortcut: z.string(),
  /** May hold placeholders: {visitor.name}, {visitor.email}, {agent.name}. */
  text: z.string(),
});
export const upsertCannedSchema = z.object({
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .min(1)
    .max(40)
    .regex(/^[\p{L}\p{N}_-]+$/u, 'A shortcut is letters, digits, - and _.'),
  text: z.string().trim().min(1).max(LIMITS.messageLength),
});

export const adminFaqSchema = z.object({ id, language: z.enum(['en', 'vi']), title: z.string(), body: z.string(), position: z.number().int() });
export const upsertFaqSchema = z.object({
  language: z.enum(['en', 'vi']),
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(10_000),
  position: z.number().int().min(0).max(10_000).default(0),
});

/** Webhook endpoints: http(s) URLs without credentials; the server also refuses private addresses. */
const webhookUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'A webhook URL starts with https:// (or http://).')
  .refine((value) => {
    try {
      const url = new URL(value);
      return !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'A webhook URL cannot carry a user name or password.');
export const createWebhookSchema = z.object({
  url: webhookUrl,
  description: z.string().trim().max(300).default(''),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'Choose at least one event.').max(WEBHOOK_EVENT_TYPES.length),
  enabled: z.boolean().default(true),
});
export const updateWebhookSchema = z.object({
  url: webhookUrl.optional(),
  description: z.string().trim().max(300).optional(),
  events: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'Choose at least one event.').max(WEBHOOK_EVENT_TYPES.length).optional(),
  enabled: z.boolean().optional(),
});
export const deliveryParamsSchema = z.object({ siteId: id, itemId: id, deliveryId: id });
export const deliveryListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

export const siteParamsSchema = z.object({ siteId: id });
export const visitorParamsSchema = z.object({ siteId: id, visitorId: id });

/** What an erasure removed (DELETE of a visitor): counts, for the admin's record. */
export const visitorErasureSchema = z.object({
  visitorId: id,
  conversations: z.number().int(),
  messages: z.number().int(),
  /** QUEUE_FULL refusals kept for the KPIs, with the visitor link removed. */
  queueRefusalsAnonymised: z.number().int(),
  /** Sockets of the visitor open on any node were told to close. */
  socketsClosed: z.boolean(),
});

const exportedMessageSchema = z.object({
  seq: z.number().int(),
  sender: messageSenderSchema,
  /** The agent's (or bot's) name on their lines; on system lines, the name the code refers to. */
  authorName: z.string().nullable(),
  /** For system lines, a code (see SYSTEM_MESSAGES), e.g. `agent.joined`. */
  text: z.string(),
  createdAt: z.string(),
});

/**
 * Everything Parley holds about one visitor (a data-subject access request), as a JSON download.
 * Messages are those the visitor could see: agents' internal notes are left out, and counted.
 */
export const visitorExportSchema = z.object({
  format: z.literal('parley.visitor-export.v1'),
  exportedAt: z.string(),
  site: z.object({ id, name: z.string() }),
  /** The same fields agents see in the visitor panel. */
  visitor: visitorContextSchema,
  conversations: z.array(
    z.object({
      id,
      channel: z.string(),
      status: z.string(),
      source: z.string(),
      agentName: z.string().nullable(),
      createdAt: z.string(),
      assignedAt: z.string().nullable(),
      closedAt: z.string().nullable(),
      survey: z
        .object({ csat: z.number().nullable(), nps: z.number().nullable(), ces: z.number().nullable(), comment: z.string().nullable(), answeredAt: z.string().nullable() })
        .nullable(),
      messages: z.array(exportedMessageSchema),
      internalNotesOmitted: z.number().int(),
    }),
  ),
  queueRefusals: z.array(z.object({ channel: z.string(), createdAt: z.string() })),
});
export const itemParamsSchema = z.object({ siteId: id, itemId: id });

export type AdminSite = z.infer<typeof adminSiteSchema>;
export type VisitorErasure = z.infer<typeof visitorErasureSchema>;
export type VisitorExport = z.infer<typeof visitorExportSchema>;
export type CreateSite = z.input<typeof createSiteSchema>;
export type UpdateSite = z.input<typeof updateSiteSchema>;
export type AdminChannel = z.infer<typeof adminChannelSchema>;
export type UpsertChannel = z.input<typeof upsertChannelSchema>;
export type UpdateChannel = z.input<typeof updateChannelSchema>;
export type AdminAgent = z.infer<typeof adminAgentSchema>;
export type CreateAgent = z.input<typeof createAgentSchema>;
export type UpdateAgent = z.input<typeof updateAgentSchema>;
export type CannedResponse = z.infer<typeof cannedResponseSchema>;
export type UpsertCanned = z.input<typeof upsertCannedSchema>;
export type AdminFaq = z.infer<typeof adminFaqSchema>;
export type UpsertFaq = z.input<typeof upsertFaqSchema>;
export type CreateWebhook = z.input<typeof createWebhookSchema>;
export type UpdateWebhook = z.input<typeof updateWebhookSchema>;
