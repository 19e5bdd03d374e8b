/**
 * Every KPI computed on a fixture of conversations whose expected values were worked out by hand
 * (see the comments), on both databases, including no agent reply yet, a transfer, a follow-up
 * within 24 h, a proactive chat, and time-zone day buckets.
 */
import { conversations, messages, queueRefusals, visitors, type Database } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { HTTP, type MetricsReport } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentLogin } from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

const at = (s: string) => new Date(`2026-11-${s}Z`);

async function fixture(db: Database, site: TestSite, lan: TestAgent, minh: TestAgent) {
  const sales = site.channels[0]!;
  const support = site.channels[1]!;
  const visitor = async () => (await db.insert(visitors).values({ siteId: site.id }).returning())[0]!.id;
  const [v1, v2, v3, v4, v5, v7] = [await visitor(), await visitor(), await visitor(), await visitor(), await visitor(), await visitor()];
  type Conv = typeof conversations.$inferInsert;
  const conv = async (values: Omit<Conv, 'siteId'>, said: [string, 'visitor' | 'agent' | 'system', string][] = []) => {
    const [row] = await db.insert(conversations).values({ lastSeq: said.length, ...values, siteId: site.id }).returning();
    if (said.length) {
      await db.insert(messages).values(
        said.map(([time, sender, text], i) => ({ conversationId: row!.id, seq: i + 1, sender, text, createdAt: at(time), agentId: sender === 'agent' ? values.agentId : null })),
      );
    }
    return row!.id;
  };
  // c1: FRT 60, two visitor runs answered in 60 + 60, handle 600, resolution 630, FCR yes; 5 / 10 / 6.
  await conv(
    { channelId: sales.id, visitorId: v1, agentId: lan.id, status: 'closed', createdAt: at('10T10:00:00'), queuedAt: at('10T10:00:00'), assignedAt: at('10T10:00:30'), firstAgentReplyAt: at('10T10:01:00'), closedAt: at('10T10:10:30'), csat: 5, nps: 10, ces: 6, surveyAt: at('10T10:11:00') },
    [['10T10:00:00', 'visitor', 'q'], ['10T10:00:30', 'system', 'agent.joined'], ['10T10:01:00', 'agent', 'a'], ['10T10:02:00', 'visitor', 'q2'], ['10T10:02:30', 'visitor', 'q3'], ['10T10:03:00', 'agent', 'a2']],
  );
  // c2: waited 180, FRT 240, response 240, handle 1020, resolution 1200, transferred (no FCR); 3 / 7 / 4.
  await conv(
    { channelId: sales.id, visitorId: v2, agentId: minh.id, status: 'closed', transferCount: 1, createdAt: at('10T11:00:00'), queuedAt: at('10T11:00:00'), assignedAt: at('10T11:03:00'), firstAgentReplyAt: at('10T11:04:00'), closedAt: at('10T11:20:00'), csat: 3, nps: 7, ces: 4, surveyAt: at('10T11:21:00') },
    [['10T11:00:00', 'visitor', 'q'], ['10T11:04:00', 'agent', 'a']],
  );
  // c3: missed.  c4: an offline message (not "started").
  await conv({ channelId: support.id, visitorId: v3, status: 'missed', createdAt: at('10T12:00:00'), queuedAt: at('10T12:00:00'), closedAt: at('10T12:05:00') });
  await conv({ channelId: support.id, visitorId: v4, status: 'offline', source: 'offline', createdAt: at('10T13:00:00') }, [['10T13:00:00', 'visitor', 'call me']]);
  // c5: waited 10, FRT 40, handle 1800, resolution 1810; followed by c6 from the same visitor within 24 h (no FCR); 4 / 3.
  await conv(
    { channelId: support.id, visitorId: v5, agentId: lan.id, status: 'closed', createdAt: at('10T14:00:00'), queuedAt: at('10T14:00:00'), assignedAt: at('10T14:00:10'), firstAgentReplyAt: at('10T14:00:40'), closedAt: at('10T14:30:10'), csat: 4, nps: 3, surveyAt: at('10T14:31:00') },
    [['10T14:00:00', 'visitor', 'q'], ['10T14:00:40', 'agent', 'a']],
  );
  // c6: active, waited 5, no agent reply yet.
  await conv(
    { channelId: support.id, visitorId: v5, agentId: lan.id, status: 'active', createdAt: at('11T09:00:00'), queuedAt: at('11T09:00:00'), assignedAt: at('11T09:00:05') },
    [['11T09:00:00', 'visitor', 'again']],
  );
  // c7: proactive (no FRT, no queue wait), response 60, handle and resolution 300, FCR yes; 18:30Z is 01:30 next day in UTC+7.
  await conv(
    { channelId: sales.id, visitorId: v7, agentId: lan.id, status: 'closed', source: 'agent', createdAt: at('10T18:30:00'), assignedAt: at('10T18:30:00'), firstAgentReplyAt: at('10T18:30:00'), closedAt: at('10T18:35:00') },
    [['10T18:30:00', 'agent', 'hi'], ['10T18:31:00', 'visitor', 'q'], ['10T18:32:00', 'agent', 'a']],
  );
  await db.insert(queueRefusals).values([
    { siteId: site.id, channelId: sales.id, createdAt: at('10T10:30:00') },
    { siteId: site.id, channelId: sales.id, createdAt: at('10T10:30:05') },
    { siteId: site.id, channelId: support.id, createdAt: at('11T08:00:00') },
  ]);
}

describe.each(testDatabaseTargets())('metrics on $name', (target) => {
  let server: TestServer;
  let site: TestSite;
  let lan: TestAgent;
  let minh: TestAgent;
  let token: string;

  beforeAll(async () => {
    server = await startServer(await target.create());
    site = await createSite(server.database.db);
    lan = await createAgent(server.database.db, site, { name: 'Lan' });
    minh = await createAgent(server.database.db, site, { name: 'Minh' });
    await fixture(server.database.db, site, lan, minh);
    token = (await agentLogin(server.url, lan.email, lan.password)).token;
  });
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  const report = async (query: Record<string, string> = {}) => {
    const params = new URLSearchParams({ from: '2026-11-10T00:00:00Z', to: '2026-11-12T00:00:00Z', ...query });
    const res = await fetch(`${server.url}${HTTP.metrics(site.id)}?${params}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as MetricsReport;
  };

  it('computes every KPI of the summary', async () => {
    const { summary, targets } = await report();
    expect(targets).toMatchObject({ firstResponseSeconds: 120, firstContactResolution: 0.75, maxWaitingPerChannel: 2 });
    expect(summary).toMatchObject({ started: 6, answered: 4, missed: 1, offline: 1, queueFullRefusals: 3, surveyResponses: 3 });
    // FRT 40, 60, 240: median 60; p90 = 60 + 0.8 × 180; 2 of 3 within 120 s.
    expect(summary.firstResponseMedian).toBe(60);
    expect(summary.firstResponseP90).toBeCloseTo(204, 6);
    expect(summary.firstResponseWithinTarget).toBeCloseTo(2 / 3, 6);
    // Responses (60 + 60) + 240 + 40 + 60 over 5 runs; c6's unanswered run is left out.
    expect(summary.averageResponse).toBeCloseTo(92, 6);
    expect(summary.handleTimeAverage).toBeCloseTo(930, 6);
    expect(summary.resolutionTimeAverage).toBeCloseTo(985, 6);
    // c1 and c7 resolved first time; c2 transferred; c5 followed up within 24 h.
    expect(summary.firstContactResolution).toBeCloseTo(0.5, 6);
    // Waits 5, 10, 30, 180: median 20; p90 = 30 + 0.7 × 150.
    expect(summary.queueWaitMedian).toBeCloseTo(20, 6);
    expect(summary.queueWaitP90).toBeCloseTo(135, 6);
    expect(summary.csatAverage).toBeCloseTo(4, 6);
    expect(summary.csatSatisfied).toBeCloseTo(2 / 3, 6);
    // One promoter (10), one passive (7), one detractor (3).
    expect(summary.nps).toBeCloseTo(0, 6);
    expect(summary.cesAverage).toBeCloseTo(5, 6);
  });

  it('buckets by day in the requested time zone', async () => {
    const utc = await report();
    expect(utc.series.map((p) => [p.bucket, p.started, p.queueFullRefusals])).toEqual([
      ['2026-11-10T00:00', 5, 2],
      ['2026-11-11T00:00', 1, 1],
    ]);
    const hanoi = await report({ tz: 'Asia/Ho_Chi_Minh' });
    expect(hanoi.series.map((p) => [p.bucket, p.started, p.queueFullRefusals])).toEqual([
      ['2026-11-10T00:00', 4, 2],
      ['2026-11-11T00:00', 2, 1],
    ]);
    const hourly = await report({ bucket: 'hour', to: '2026-11-10T12:00:00Z' });
    expect(hourly.series.map((p) => [p.bucket, p.started])).toEqual([
      ['2026-11-10T10:00', 1],
      ['2026-11-10T11:00', 1],
    ]);
  });

  it('splits by channel and by agent, and filters', async () => {
    const { byChannel, byAgent } = await report();
    const sales = byChannel.find((c) => c.name === 'Sales')!;
    const support = byChannel.find((c) => c.name === 'Support')!;
    expect([sales.started, sales.queueFullRefusals, support.started, support.missed, support.offline]).toEqual([3, 2, 3, 1, 1]);
    expect(byAgent.map((a) => [a.name, a.started, a.answered]).sort()).toEqual([
      ['Lan', 4, 3],
      ['Minh', 1, 1],
    ]);
    const lanOnly = await report({ agentId: lan.id });
    expect(lanOnly.summary).toMatchObject({ started: 4, answered: 3, queueFullRefusals: 0 });
    const salesOnly = await report({ channelId: site.channels[0]!.id });
    expect(salesOnly.summary).toMatchObject({ started: 3, queueFullRefusals: 2 });
  });

  it('answers an empty range with zeros and nulls, and refuses a bad time zone', async () => {
    const empty = await report({ from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' });
    expect(empty.summary).toMatchObject({ started: 0, firstResponseMedian: null, csatAverage: null, nps: null });
    expect(empty.series).toEqual([]);
    const bad = await fetch(`${server.url}${HTTP.metrics(site.id)}?tz=Mars/Olympus`, { headers: { authorization: `Bearer ${token}` } });
    expect(bad.status).toBe(400);
  });

  it('exports CSV, and keeps other sites out', async () => {
    const res = await fetch(`${server.url}${HTTP.metrics(site.id)}?from=2026-11-10T00:00:00Z&to=2026-11-12T00:00:00Z&format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^scope,key,name,started,answered,missed,offline,queueFullRefusals,firstResponseMedian/);
    expect(lines[1]).toMatch(/^summary,2026-11-10T00:00:00.000Z\/2026-11-12T00:00:00.000Z,,6,4,1,1,3,60,/);
    expect(lines.filter((l) => l.startsWith('channel,'))).toHaveLength(2);
    const stranger = await createAgent(server.database.db, await createSite(server.database.db));
    const strangerToken = (await agentLogin(server.url, stranger.email, stranger.password)).token;
    expect((await fetch(`${server.url}${HTTP.metrics(site.id)}`, { headers: { authorization: `Bearer ${strangerToken}` } })).status).toBe(404);
  });
});
