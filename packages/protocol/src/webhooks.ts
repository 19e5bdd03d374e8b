/**
 * Outgoing webhooks: the event names a site's endpoints subscribe to, the JSON body Parley POSTs,
 * the signature headers, and the admin views of endpoints and deliveries. Types and constants
 * only (no zod), so the console can import them; request schemas live in `./admin.ts`.
 *
 * Every request is `POST <endpoint url>` with a `WebhookEvent` as JSON and the headers below.
 * Verify `Parley-Signature: t=<unix seconds>,v1=<hex>` where hex = HMAC-SHA256(secret, `${t}.${rawBody}`);
 * refuse old timestamps (e.g. more than 5 minutes) to stop replays. A delivery may be repeated
 * (retries, "redeliver"): deduplicate on the event `id`. Events may arrive out of order: order by
 * `createdAt` (and `message.seq` within a conversation).
 */
import type { ConversationStatus, MessageSender } from './schemas.ts';

/** Event types an endpoint can subscribe to. */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.started',
  'conversation.assigned',
  'conversation.closed',
  'message.created',
  'survey.answered',
  'offline_message.left',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Sent only by the console's "send test event" button, to that one endpoint. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
export type AnyWebhookEventType = WebhookEventType | typeof WEBHOOK_TEST_EVENT;

export const WEBHOOK_HEADERS = {
  signature: 'Parley-Signature',
  event: 'Parley-Event',
  delivery: 'Parley-Delivery',
} as const;

/** The visitor as a CRM needs them (no tokens, no identity secret). */
export interface WebhookVisitor {
  id: string;
  name: string | null;
  email: string | null;
  /** The site's own user id, when the visitor was verified by the site. */
  externalId: string | null;
  verified: boolean;
  attributes: Record<string, string | number | boolean>;
  currentUrl: string | null;
  locale: string | null;
}

export interface WebhookConversation {
  id: string;
  status: ConversationStatus;
  /** Who began it: the visitor, an agent (proactive chat) or the offline form. */
  source: 'visitor' | 'agent' | 'offline';
  channel: { id: string; name: string };
  agent: { id: string; name: string; email: string } | null;
  createdAt: string;
  assignedAt: string | null;
  closedAt: string | null;
}

/** A visitor or agent message (system messages and internal notes are never sent). */
export interface WebhookMessage {
  id: string;
  seq: number;
  sender: Exclude<MessageSender, 'system'>;
  text: string;
  authorName: string | null;
  agentId: string | null;
  createdAt: string;
}

interface ConversationFacts {
  conversation: WebhookConversation;
  visitor: WebhookVisitor;
}

export interface WebhookEventData {
  'conversation.started': ConversationFacts;
  'conversation.assigned': ConversationFacts & { agent: { id: string; name: string; email: string } };
  'conversation.closed': ConversationFacts & { closedBy: 'visitor' | 'agent' };
  'message.created': ConversationFacts & { message: WebhookMessage };
  'survey.answered': ConversationFacts & {
    survey: { csat: number; nps: number | null; ces: number | null; comment: string | null };
  };
  'offline_message.left': ConversationFacts & { message: WebhookMessage };
  'webhook.test': { message: string; endpointId: string };
}

/** The JSON body of every webhook request. */
export type WebhookEvent<T extends AnyWebhookEventType = AnyWebhookEventType> = {
  [K in T]: {
    /** Unique per event; the same on every retry and redelivery. */
    id: string;
    type: K;
    createdAt: string;
    siteId: string;
    data: WebhookEventData[K];
  };
}[T];

/** An endpoint as the admin API shows it; the secret only on create and rotate. */
export interface AdminWebhookEndpoint {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  /** The secret's last characters, so an admin can tell which one their code holds. */
  secretHint: string;
  createdAt: string;
}

/** Returned once, when an endpoint is created or its secret rotated. */
export interface AdminWebhookEndpointWithSecret extends AdminWebhookEndpoint {
  secret: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One line of an endpoint's delivery log. Error and response texts come from elsewhere: show as text. */
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: AnyWebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** When the next attempt is due (pending only). */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  /** HTTP status of the last attempt; null when no response came (refused, timeout, network). */
  statusCode: number | null;
  durationMs: number | null;
  error: string | null;
  /** The start of the last response body, truncated. */
  responseSnippet: string | null;
  deliveredAt: string | null;
  createdAt: string;
}
