/**
 * Webhooks end to end: a real receiver on 127.0.0.1 (the only address the operator allowed),
 * a forbidden one on 127.0.0.2, real sockets driving the conversation, the real database.
 */
import { eq } from 'drizzle-orm';
import { createDatabase, webhookDeliveries, webhookEndpoints } from '@parley/db';
import { createTestDatabase, testDatabaseTargets } from '@parley/db/testing';
import {
  EVENTS,
  HTTP,
  WEBHOOK_EVENT_TYPES,
  type AdminWebhookEndpoint,
  type AdminWebhookEndpointWithSecret,
  type ErrorBody,
  type WebhookDelivery,
} from '@parley/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, agentRequest, closeSockets, connectAgent, connectVisitor, ok, visitorRequest, visitorSession } from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';
import { startReceiver, verifySignature, waitFor, type WebhookReceiver } from './support/webhook-receiver.ts';

describe.each(testDatabaseTargets())('webhooks on $name', (target) => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let forbidden: WebhookReceiver;
  let site: TestSite;
  let admin: TestAgent;
  let token: string;

  beforeAll(async () => {
    receiver = await startReceiver('127.0.0.1');
    // Also loopback, but not on the operator's allow-list.
    forbidden = await startReceiver('127.0.0.2');
    server = await startServer(await target.create(), {
      WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
      WEBHOOK_RETRY_BASE_SECONDS: '0.05',
      WEBHOOK_POLL_SECONDS: '0.1',
      WEBHOOK_TIMEOUT_SECONDS: '3',
    });
    site = await createSite(server.database.db, { channels: ['Sales'] });
    admin = await createAgent(server.database.db, site, { name: 'Owner', role: 'admin' });
    token = (await agentLogin(server.url, admin.email, admin.password)).token;
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
    await receiver.close();
    await forbidden.close();
  });

  async function call<T>(method: string, path: string, body?: unknown, bearer = token): Promise<{ status: number; body: T & { error?: ErrorBody } }> {
    const res = await fetch(server.url + path, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as T & { error?: ErrorBody } };
  }

  const createEndpoint = async (url: string, events: readonly string[] = WEBHOOK_EVENT_TYPES, onSite = site.id) => {
    const res = await call<AdminWebhookEndpointWithSecret>('POST', HTTP.adminWebhooks(onSite), { url, events, description: 'CRM' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const deliveries = async (endpointId: string) =>
    (await call<{ deliveries: WebhookDelivery[] }>('GET', HTTP.adminWebhookDeliveries(site.id, endpointId))).body.deliveries;
  const at = (path: string) => receiver.received.filter((r) => r.path === path);

  it('sends each event once, signed, with the facts a CRM needs and never an internal note', async () => {
    const endpoint = await createEndpoint(`${receiver.url}/all`);
    expect(endpoint.secret).toMatch(/^whsec_/);
    expect(endpoint).toMatchObject({ enabled: true, events: [...WEBHOOK_EVENT_TYPES], secretHint: `…${endpoint.secret.slice(-4)}` });
    const listed = await call<{ endpoints: AdminWebhookEndpoint[] }>('GET', HTTP.adminWebhooks(site.id));
    expect(listed.body.endpoints.map((e) => e.id)).toContain(endpoint.id);
    expect(JSON.stringify(listed.body)).not.toContain(endpoint.secret);

    const agent = await createAgent(server.database.db, site, { name: 'Mai', status: 'online' });
    const agentSocket = await connectAgent(server.url, (await agentLogin(server.url, agent.email, agent.password)).token);
    const session = await visitorSession(server.url, site.siteKey);
    const visitor = await connectVisitor(server.url, session.token);
    const started = ok(
      await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'Xin chào, I need help', clientId: 'v-1', name: 'Lan' }),
    );
    const conversationId = started.conversation.id;
    expect(started.conversation.status).toBe('active');
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: 'a-1', text: 'Hi! How can I help?' }));
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: 'a-note', text: 'private remark about Lan', internal: true }));
    // A retried send is stored once, so it is announced once.
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: 'a-1', text: 'Hi! How can I help?' }));
    ok(await agentRequest(agentSocket, EVENTS.conversationClose, { conversationId }));
    ok(await visitorRequest(visitor, EVENTS.conversationSurvey, { conversationId, csat: 5, comment: 'Cảm ơn!' }));
    const other = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    ok(await visitorRequest(other, EVENTS.conversationLeaveMessage, { channelId: site.channels[0]!.id, text: 'Call me back', email: 'hoa@example.test', name: 'Hoa' }));

    const expected = ['conversation.started', 'message.created', 'conversation.assigned', 'message.created', 'conversation.closed', 'survey.answered', 'offline_message.left'];
    await waitFor(() => at('/all').length >= expected.length, 10_000, 'seven webhook requests');
    await new Promise((resolve) => setTimeout(resolve, 400)); // nothing more may follow
    const got = at('/all');
    expect(got.map((r) => r.json.type).sort()).toEqual([...expected].sort());
    expect(new Set(got.map((r) => r.json.id)).size).toBe(got.length);
    for (const request of got) {
      expect(verifySignature(endpoint.secret, request.headers['parley-signature'] as string, request.body)).toBe(true);
      expect(verifySignature('whsec_wrong', request.headers['parley-signature'] as string, request.body)).toBe(false);
      expect(request.headers['parley-event']).toBe(request.json.type);
      expect(request.headers['parley-delivery']).toMatch(/^[0-9a-f-]{36}$/);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.json.siteId).toBe(site.id);
      expect(request.body).not.toContain('private remark');
      expect(request.body).not.toMatch(/password|scrypt|identitySecret|whsec_/i);
    }
    const byType = (type: string) => got.filter((r) => r.json.type === type).map((r) => r.json.data as Record<string, any>);
    const [startedEvent] = byType('conversation.started');
    expect(startedEvent).toMatchObject({
      conversation: { id: conversationId, status: 'waiting', source: 'visitor', channel: { id: site.channels[0]!.id, name: 'Sales' } },
      visitor: { id: session.visitor.id, name: 'Lan', verified: false },
    });
    expect(byType('conversation.assigned')[0]).toMatchObject({ agent: { id: agent.id, name: 'Mai', email: agent.email }, conversation: { status: 'active' } });
    expect(byType('message.created').map((d) => [d.message.sender, d.message.text, d.message.seq])).toEqual(
      expect.arrayContaining([
        ['visitor', 'Xin chào, I need help', 1],
        ['agent', 'Hi! How can I help?', expect.any(Number)],
      ]),
    );
    expect(byType('conversation.closed')[0]).toMatchObject({ closedBy: 'agent', conversation: { status: 'closed', closedAt: expect.any(String) } });
    expect(byType('survey.answered')[0]).toMatchObject({ survey: { csat: 5, nps: null, ces: null, comment: 'Cảm ơn!' } });
    expect(byType('offline_message.left')[0]).toMatchObject({
      conversation: { status: 'offline', source: 'offline' },
      visitor: { name: 'Hoa', email: 'hoa@example.test' },
      message: { sender: 'visitor', text: 'Call me back' },
    });

    const log = await deliveries(endpoint.id);
    expect(log).toHaveLength(expected.length);
    for (const d of log) expect(d).toMatchObject({ status: 'delivered', attempts: 1, statusCode: 200, error: null, responseSnippet: 'thanks', nextAttemptAt: null });
  });

  it('retries a failing endpoint with backoff, then delivers, and records the attempts', async () => {
    receiver.respond('/flaky', (count) => (count <= 2 ? 500 : 200));
    const endpoint = await createEndpoint(`${receiver.url}/flaky`, ['conversation.started']);
    const queued = await call<WebhookDelivery>('POST', HTTP.adminWebhookTest(site.id, endpoint.id));
    expect(queued.status).toBe(202);
    expect(queued.body).toMatchObject({ eventType: 'webhook.test', status: 'pending' });
    const done = await waitFor(async () => (await deliveries(endpoint.id)).find((d) => d.status === 'delivered'), 10_000, 'the delivery');
    expect(done).toMatchObject({ attempts: 3, statusCode: 200, error: null });
    const requests = at('/flaky');
    expect(requests).toHaveLength(3);
    // One event: the same id and body on every attempt, each attempt signed.
    expect(new Set(requests.map((r) => r.body)).size).toBe(1);
    expect(new Set(requests.map((r) => r.headers['parley-delivery'])).size).toBe(1);
    for (const r of requests) expect(verifySignature(endpoint.secret, r.headers['parley-signature'] as string, r.body)).toBe(true);

    // A permanently failing endpoint: retried up to WEBHOOK_MAX_ATTEMPTS, with the receiver's answer kept as text.
    receiver.respond('/down', 503);
    const down = await createEndpoint(`${receiver.url}/down`, ['conversation.started']);
    await call('POST', HTTP.adminWebhookTest(site.id, down.id));
    const pending = await waitFor(async () => (await deliveries(down.id)).find((d) => d.statusCode === 503 && d.status === 'pending'), 5000, 'a failed attempt');
    expect(pending).toMatchObject({ statusCode: 503, error: 'HTTP 503', responseSnippet: '<b>receiver says 503</b>', nextAttemptAt: expect.any(String) });
  });

  it('redelivers an event as a new delivery with the same event id, signed with a rotated secret', async () => {
    const endpoint = await createEndpoint(`${receiver.url}/again`, ['conversation.started']);
    await call('POST', HTTP.adminWebhookTest(site.id, endpoint.id));
    const [first] = await waitFor(async () => {
      const log = await deliveries(endpoint.id);
      return log[0]?.status === 'delivered' ? log : undefined;
    });
    const rotated = await call<AdminWebhookEndpointWithSecret>('POST', HTTP.adminWebhookRotateSecret(site.id, endpoint.id));
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const again = await call<WebhookDelivery>('POST', HTTP.adminWebhookRedeliver(site.id, endpoint.id, first!.id));
    expect(again.status).toBe(202);
    expect(again.body.eventId).toBe(first!.eventId);
    await waitFor(() => at('/again').length === 2);
    const [one, two] = at('/again');
    expect(two!.json.id).toBe(one!.json.id);
    expect(verifySignature(rotated.body.secret, two!.headers['parley-signature'] as string, two!.body)).toBe(true);
    expect(verifySignature(endpoint.secret, two!.headers['parley-signature'] as string, two!.body)).toBe(false);
  });

  it('refuses local, private and reserved addresses when an endpoint is saved', async () => {
    for (const url of [
      `http://127.0.0.2:${forbidden.port}/hook`,
      'http://10.0.0.1/hook',
      'http://192.168.1.10/hook',
      'http://172.20.0.5/hook',
      'http://169.254.169.254/latest/meta-data',
      'http://100.64.0.1/',
      'http://0.0.0.0:8080/',
      'http://[::1]:8080/',
      'http://[fd00::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://224.0.0.1/',
      `http://localhost:${receiver.port}/`,
      // The allow-list names a port: another port of the same host is not allowed.
      `http://127.0.0.1:${receiver.port + 1}/`,
    ]) {
      const res = await call('POST', HTTP.adminWebhooks(site.id), { url, events: ['message.created'] });
      expect(res.status, url).toBe(400);
      expect(res.body.error!.code, url).toBe('URL_NOT_ALLOWED');
    }
    for (const body of [{ url: 'ftp://example.com/', events: ['message.created'] }, { url: 'https://example.com/', events: [] }, { url: 'https://u:p@example.com/', events: ['message.created'] }, { url: 'https://example.com/', events: ['message.deleted'] }]) {
      const res = await call('POST', HTTP.adminWebhooks(site.id), body);
      expect(res.status).toBe(400);
      expect(res.body.error!.code).toBe('VALIDATION');
    }
    const endpoint = await createEndpoint(`${receiver.url}/patched`, ['conversation.started']);
    const patch = await call('PATCH', HTTP.adminWebhook(site.id, endpoint.id), { url: 'http://10.1.2.3/' });
    expect(patch.body.error!.code).toBe('URL_NOT_ALLOWED');
  });

  it('refuses at delivery time a forbidden address that got into an endpoint, without a request, and logs why', async () => {
    // As if saved before the operator narrowed WEBHOOK_ALLOWED_HOSTS: the delivery must still refuse.
    const [literal] = await server.database.db
      .insert(webhookEndpoints)
      .values({ siteId: site.id, url: `http://127.0.0.2:${forbidden.port}/hook`, events: ['conversation.started'], secret: 'whsec_test' })
      .returning();
    // A host name resolving to loopback exercises the guarded DNS lookup (the connection's own).
    const [named] = await server.database.db
      .insert(webhookEndpoints)
      .values({ siteId: site.id, url: `http://localhost:${receiver.port}/named`, events: ['conversation.started'], secret: 'whsec_test' })
      .returning();
    for (const endpoint of [literal!, named!]) {
      await call('POST', HTTP.adminWebhookTest(site.id, endpoint.id));
      const failed = await waitFor(async () => (await deliveries(endpoint.id)).find((d) => d.status === 'failed'), 5000, 'the refusal');
      expect(failed).toMatchObject({ attempts: 1, statusCode: null, nextAttemptAt: null });
      expect(failed.error).toMatch(/^Refused: .*loopback address, not allowed for webhooks/);
    }
    expect(forbidden.received).toHaveLength(0);
    expect(at('/named')).toHaveLength(0);
  });

  it('writes no delivery for a disabled endpoint or an event it did not choose', async () => {
    const endpoint = await createEndpoint(`${receiver.url}/quiet`, ['survey.answered']);
    const disabled = await createEndpoint(`${receiver.url}/off`, [...WEBHOOK_EVENT_TYPES]);
    const patched = await call<AdminWebhookEndpoint>('PATCH', HTTP.adminWebhook(site.id, disabled.id), { enabled: false, description: 'paused' });
    expect(patched.body).toMatchObject({ enabled: false, description: 'paused' });
    const visitor = await connectVisitor(server.url, (await visitorSession(server.url, site.siteKey)).token);
    ok(await visitorRequest(visitor, EVENTS.conversationLeaveMessage, { channelId: site.channels[0]!.id, text: 'Hello?', email: 'x@example.test' }));
    await waitFor(async () => (await deliveries(endpoint.id)).length === 0 && at('/all').some((r) => r.json.type === 'offline_message.left' && (r.json.data as any).message.text === 'Hello?'));
    expect(await server.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, disabled.id))).toHaveLength(0);
    expect(await deliveries(endpoint.id)).toHaveLength(0);
    expect((await call('DELETE', HTTP.adminWebhook(site.id, disabled.id))).status).toBe(204);
    expect((await call('GET', HTTP.adminWebhookDeliveries(site.id, disabled.id))).status).toBe(404);
  });

  it('keeps endpoints and logs to the site’s own admins', async () => {
    const endpoint = await createEndpoint(`${receiver.url}/mine`, ['conversation.started']);
    const other = await createSite(server.database.db, { channels: ['Support'] });
    const otherAdmin = await createAgent(server.database.db, other, { role: 'admin' });
    const otherToken = (await agentLogin(server.url, otherAdmin.email, otherAdmin.password)).token;
    expect((await call('GET', HTTP.adminWebhooks(site.id), undefined, otherToken)).status).toBe(404);
    expect((await call('POST', HTTP.adminWebhooks(site.id), { url: 'https://example.com/', events: ['message.created'] }, otherToken)).status).toBe(404);
    // Its own site's paths with the other site's endpoint id: not found either.
    for (const [method, path, body] of [
      ['PATCH', HTTP.adminWebhook(other.id, endpoint.id), { enabled: false }],
      ['DELETE', HTTP.adminWebhook(other.id, endpoint.id), undefined],
      ['POST', HTTP.adminWebhookRotateSecret(other.id, endpoint.id), {}],
      ['POST', HTTP.adminWebhookTest(other.id, endpoint.id), {}],
      ['GET', HTTP.adminWebhookDeliveries(other.id, endpoint.id), undefined],
      ['GET', HTTP.adminWebhookDeliveries(site.id, endpoint.id), undefined],
    ] as const) {
      const res = await call(method, path, body, otherToken);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const own = await call<{ endpoints: AdminWebhookEndpoint[] }>('GET', HTTP.adminWebhooks(other.id), undefined, otherToken);
    expect(own.body.endpoints).toEqual([]);
    const plain = await createAgent(server.database.db, site);
    const plainToken = (await agentLogin(server.url, plain.email, plain.password)).token;
    expect((await call('GET', HTTP.adminWebhooks(site.id), undefined, plainToken)).status).toBe(403);
    const [still] = await server.database.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    expect(still).toMatchObject({ enabled: true, secret: endpoint.secret });
  });
});

// Two nodes on one PostgreSQL: each delivery is claimed by one of them (SKIP LOCKED + lease), never both.
describe.skipIf(!process.env.TEST_DATABASE_URL)('webhook delivery across two nodes on postgres', () => {
  it('sends every delivery once although the workers of both nodes race for them', async () => {
    const receiver = await startReceiver();
    receiver.delayMs = 100;
    const env = { WEBHOOK_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`, WEBHOOK_POLL_SECONDS: '0.05', WEBHOOK_RETRY_BASE_SECONDS: '60' };
    // One database shared by both nodes (a target's create() makes a new one each time).
    const own = await createTestDatabase(process.env.TEST_DATABASE_URL!);
    const a = await startServer(await createDatabase({ url: own.url, poolSize: 5 }), env);
    const b = await startServer(await createDatabase({ url: own.url, poolSize: 5 }), env);
    try {
      const site = await createSite(a.database.db, { channels: ['Sales'] });
      const admin = await createAgent(a.database.db, site, { role: 'admin' });
      const bearer = (await agentLogin(a.url, admin.email, admin.password)).token;
      const post = (server: TestServer, path: string, body: unknown) =>
        fetch(server.url + path, { method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const created = (await (await post(a, HTTP.adminWebhooks(site.id), { url: `${receiver.url}/race`, events: ['conversation.started'] })).json()) as AdminWebhookEndpointWithSecret;
      const total = 30;
      await Promise.all(Array.from({ length: total }, (_, i) => post(i % 2 ? a : b, HTTP.adminWebhookTest(site.id, created.id), {})));
      await waitFor(() => receiver.received.length >= total, 20_000, `${total} deliveries`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(receiver.received).toHaveLength(total);
      expect(new Set(receiver.received.map((r) => r.headers['parley-delivery'])).size).toBe(total);
      const rows = await a.database.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, created.id));
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array.from({ length: total }, () => ['delivered', 1]));
    } finally {
      await a.close();
      await b.close();
      await a.database.close();
      await b.database.close();
      await own.drop();
      await receiver.close();
    }
  });
});
