/**
 * GET /metrics (Prometheus text format) after real activity over real sockets: messages by sender,
 * queue lengths per channel, assignment latency, socket connections, HTTP durations; and who may
 * scrape (loopback without a token, the bearer token when METRICS_TOKEN is set).
 */
import { testDatabaseTargets } from '@parley/db/testing';
import { EVENTS, HTTP } from '@parley/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin, agentRequest, closeSockets, connectAgent, connectVisitor, ok, visitorRequest, visitorSession } from './support/clients.ts';
import { createAgent, createSite, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text exposition format, enough of it for assertions (no escapes in our labels). */
function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of match[2]?.matchAll(/(\w+)="([^"]*)"/g) ?? []) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function scrape(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const res = await fetch(url + HTTP.prometheus, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(await res.text());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabaseTargets())('Prometheus metrics on $name', (target) => {
  let server: TestServer;
  let site: TestSite;

  beforeAll(async () => {
    server = await startServer(await target.create());
    site = await createSite(server.database.db, { channels: ['Sales', 'Support'] });
  });
  afterEach(() => closeSockets());
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  it('counts messages, queue lengths, assignment latency, connections and HTTP requests', async () => {
    const [sales, support] = site.channels;
    const agent = await createAgent(server.database.db, site, { name: 'Lan' });

    const session = await visitorSession(server.url, site.siteKey);
    const visitor = await connectVisitor(server.url, session.token);
    const started = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: sales!.id, text: 'Is it in stock?', clientId: 'c1' }));
    expect(started.conversation.status).toBe('waiting');

    // The publisher counts after the commit, and the ack may come first.
    await expect.poll(async () => value(await scrape(server.url), 'parley_messages_stored_total', { sender: 'visitor' })).toBe(1);
    let samples = await scrape(server.url);
    expect(value(samples, 'parley_queue_waiting', { site_id: site.id, channel_id: sales!.id })).toBe(1);
    expect(value(samples, 'parley_queue_waiting', { site_id: site.id, channel_id: support!.id })).toBe(0);
    expect(value(samples, 'parley_messages_stored_total', { sender: 'visitor' })).toBe(1);
    expect(value(samples, 'parley_socket_connections', { namespace: 'visitor' })).toBe(1);
    expect(value(samples, 'parley_socket_connections', { namespace: 'agent' })).toBe(0);
    expect(value(samples, 'parley_assignment_latency_seconds_count')).toBe(0);

    // It waits a while before an agent comes online and the queue drains to them.
    await sleep(400);
    const login = await agentLogin(server.url, agent.email, agent.password);
    const agentSocket = await connectAgent(server.url, login.token);
    ok(await agentRequest(agentSocket, EVENTS.agentSetStatus, { status: 'online' }));
    const conversationId = started.conversation.id;
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: 'a1', text: 'Yes, it is.' }));
    ok(await agentRequest(agentSocket, EVENTS.messageSend, { conversationId, clientId: 'a2', text: 'Regular customer', internal: true }));
    ok(await visitorRequest(visitor, EVENTS.messageSend, { conversationId, clientId: 'c2', text: 'Thanks!' }));
    ok(await agentRequest(agentSocket, EVENTS.conversationClose, { conversationId }));

    // Wait for the last one to be counted.
    await expect.poll(async () => value(await scrape(server.url), 'parley_messages_stored_total', { sender: 'system' })).toBe(2);
    samples = await scrape(server.url);
    expect(value(samples, 'parley_queue_waiting', { channel_id: sales!.id })).toBe(0);
    expect(value(samples, 'parley_messages_stored_total', { sender: 'visitor' })).toBe(2);
    expect(value(samples, 'parley_messages_stored_total', { sender: 'agent' })).toBe(1);
    expect(value(samples, 'parley_messages_stored_total', { sender: 'note' })).toBe(1);
    // "Lan joined" and the closing line.
    expect(value(samples, 'parley_messages_stored_total', { sender: 'system' })).toBe(2);
    expect(value(samples, 'parley_assignment_latency_seconds_count')).toBe(1);
    // a1, a2 and c2 went through the message writer, one batch each (each was awaited); a1 once
    // more if it found its conversation still waiting and claimed it first.
    const batches = value(samples, 'parley_message_batches_total')!;
    expect(batches).toBeGreaterThanOrEqual(3);
    expect(batches).toBeLessThanOrEqual(4);
    expect(value(samples, 'parley_message_batch_messages_total')).toBe(batches);
    expect(value(samples, 'parley_message_batch_seconds_total')).toBeGreaterThan(0);
    const latency = value(samples, 'parley_assignment_latency_seconds_sum')!;
    expect(latency).toBeGreaterThanOrEqual(0.4);
    expect(latency).toBeLessThan(30);
    expect(value(samples, 'parley_assignment_latency_seconds_bucket', { le: '0.25' })).toBe(0);
    expect(value(samples, 'parley_assignment_latency_seconds_bucket', { le: '+Inf' })).toBe(1);
    expect(value(samples, 'parley_socket_connections', { namespace: 'agent' })).toBe(1);
    expect(value(samples, 'parley_http_request_duration_seconds_count', { method: 'POST', route: HTTP.visitorSession, status_code: '200' })).toBe(1);
    expect(value(samples, 'parley_http_request_duration_seconds_count', { method: 'POST', route: HTTP.agentLogin, status_code: '200' })).toBe(1);
    // Process defaults from prom-client.
    expect(value(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(value(samples, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    // Auto-assignment at start (an agent online now) counts as one more, almost instant.
    const other = await visitorSession(server.url, site.siteKey);
    const otherSocket = await connectVisitor(server.url, other.token);
    const instant = ok(await visitorRequest(otherSocket, EVENTS.conversationStart, { channelId: support!.id, text: 'Hi', clientId: 'x1' }));
    expect(instant.conversation.status).toBe('active');
    await expect.poll(async () => value(await scrape(server.url), 'parley_assignment_latency_seconds_count')).toBe(2);
    samples = await scrape(server.url);
    expect(value(samples, 'parley_assignment_latency_seconds_bucket', { le: '0.05' })).toBe(1);
    expect(value(samples, 'parley_socket_connections', { namespace: 'visitor' })).toBe(2);
  });

  it('answers a relayed request (X-Forwarded-For) with 404 when no METRICS_TOKEN is set', async () => {
    const res = await fetch(server.url + HTTP.prometheus, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe.each(testDatabaseTargets().slice(0, 1))('Prometheus metrics with METRICS_TOKEN on $name', (target) => {
  let server: TestServer;
  const token = 'scrape-token-0123456789abcdef';
  beforeAll(async () => {
    server = await startServer(await target.create(), { METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  it('requires the bearer token, even from loopback', async () => {
    expect((await fetch(server.url + HTTP.prometheus)).status).toBe(401);
    expect((await fetch(server.url + HTTP.prometheus, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    const samples = await scrape(server.url, { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' });
    expect(value(samples, 'parley_socket_connections', { namespace: 'visitor' })).toBe(0);
  });
});
