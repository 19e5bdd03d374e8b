/** A site's webhook endpoints (admin API). URLs are checked against the SSRF guard on every save. */
import { and, asc, eq } from 'drizzle-orm';
import { webhookEndpoints, type Database, type WebhookEndpointRow } from '@parley/db';
import type { AdminWebhookEndpoint, AdminWebhookEndpointWithSecret, WebhookEventType } from '@parley/protocol';
import type { createWebhookSchema, updateWebhookSchema } from '@parley/protocol/admin';
import type { z } from 'zod';
import { AppError } from '../../errors.ts';
import { assertWebhookUrlAllowed } from './address-guard.ts';
import { newWebhookSecret } from './sign.ts';
import { forgetSubscriptions } from './subscriptions.ts';

type CreateInput = z.output<typeof createWebhookSchema>;
type UpdateInput = z.output<typeof updateWebhookSchema>;

/** Endpoints per site: plenty for integrations, and a bound on fan-out per event. */
const MAX_ENDPOINTS = 20;

export const toAdminEndpoint = (row: WebhookEndpointRow): AdminWebhookEndpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events as WebhookEventType[],
  enabled: row.enabled,
  secretHint: `…${row.secret.slice(-4)}`,
  createdAt: row.createdAt.toISOString(),
});

const withSecret = (row: WebhookEndpointRow): AdminWebhookEndpointWithSecret => ({ ...toAdminEndpoint(row), secret: row.secret });

export async function listEndpoints(db: Database, siteId: string): Promise<AdminWebhookEndpoint[]> {
  const rows = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.siteId, siteId)).orderBy(asc(webhookEndpoints.createdAt));
  return rows.map(toAdminEndpoint);
}

/** The endpoint, if it belongs to the site; NOT_FOUND otherwise (other tenants' ids are not confirmed). */
export async function loadEndpoint(db: Database, siteId: string, id: string): Promise<WebhookEndpointRow> {
  const [row] = await db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.siteId, siteId)));
  if (!row) throw new AppError('NOT_FOUND', 'Webhook endpoint not found.');
  return row;
}

export async function createEndpoint(db: Database, siteId: string, input: CreateInput, allowedHosts: string[]): Promise<AdminWebhookEndpointWithSecret> {
  await assertWebhookUrlAllowed(input.url, allowedHosts);
  const existing = await db.$count(webhookEndpoints, eq(webhookEndpoints.siteId, siteId));
  if (existing >= MAX_ENDPOINTS) throw new AppError('CONFLICT', `A site can have at most ${MAX_ENDPOINTS} webhook endpoints.`);
  const [row] = await db
    .insert(webhookEndpoints)
    .values({ siteId, url: input.url, description: input.description, events: unique(input.events), enabled: input.enabled, secret: newWebhookSecret() })
    .returning();
  forgetSubscriptions(siteId);
  return withSecret(row!);
}

export async function updateEndpoint(db: Database, siteId: string, id: string, input: UpdateInput, allowedHosts: string[]): Promise<AdminWebhookEndpoint> {
  await loadEndpoint(db, siteId, id);
  if (input.url !== undefined) await assertWebhookUrlAllowed(input.url, allowedHosts);
  const [row] = await db
    .update(webhookEndpoints)
    .set({ ...input, ...(input.events ? { events: unique(input.events) } : {}) })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.siteId, siteId)))
    .returning();
  forgetSubscriptions(siteId);
  if (!row) throw new AppError('NOT_FOUND', 'Webhook endpoint not found.');
  return toAdminEndpoint(row);
}

export async function deleteEndpoint(db: Database, siteId: string, id: string): Promise<void> {
  const [row] = await db.delete(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.siteId, siteId))).returning();
  forgetSubscriptions(siteId);
  if (!row) throw new AppError('NOT_FOUND', 'Webhook endpoint not found.');
}

/** A new secret, returned once; pending deliveries are signed with it from now on. */
export async function rotateEndpointSecret(db: Database, siteId: string, id: string): Promise<AdminWebhookEndpointWithSecret> {
  const [row] = await db
    .update(webhookEndpoints)
    .set({ secret: newWebhookSecret() })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.siteId, siteId)))
    .returning();
  if (!row) throw new AppError('NOT_FOUND', 'Webhook endpoint not found.');
  return withSecret(row);
}

const unique = (events: WebhookEventType[]) => [...new Set(events)];
