/**
 * PostgreSQL restarted under a running server: while it is down the server answers with
 * UNAVAILABLE (HTTP 503, socket acks) and /readyz fails; afterwards it recovers by itself and
 * nothing acknowledged is lost. Runs its own throwaway cluster, so it needs the PostgreSQL server
 * binaries and root (to run them as the postgres user); skipped otherwise.
 */
import { createDatabase, messages } from '@parley/db';
import { EVENTS, HTTP } from '@parley/protocol';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSockets, connectVisitor, ok, visitorRequest, visitorSession } from './support/clients.ts';
import { createSite } from './support/factories.ts';
import { canStartPostgres, startPostgresCluster, type PostgresCluster } from './support/postgres-cluster.ts';
import { startServer, type TestServer } from './support/server.ts';

const canRun = canStartPostgres && Boolean(process.env.TEST_DATABASE_URL);

describe.skipIf(!canRun)('PostgreSQL restarted under a running server', () => {
  let cluster: PostgresCluster;
  let server: TestServer;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const database = await createDatabase({ url: cluster.url, poolSize: 4 });
    server = await startServer(database);
  }, 60_000);
  afterAll(async () => {
    closeSockets();
    await server?.close();
    await server?.database.close();
    cluster?.remove();
  });

  it('answers UNAVAILABLE while the database is down and recovers by itself', async () => {
    const site = await createSite(server.database.db);
    const session = await visitorSession(server.url, site.siteKey);
    const visitor = await connectVisitor(server.url, session.token);
    const { conversation } = ok(await visitorRequest(visitor, EVENTS.conversationStart, { channelId: site.channels[0]!.id, text: 'before', clientId: 'b1' }));

    cluster.stop('fast');
    const ready = await fetch(server.url + HTTP.ready);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { error: { code: string } }).error.code).toBe('UNAVAILABLE');
    expect((await fetch(server.url + HTTP.health)).status).toBe(200);
    const during = await visitorRequest(visitor, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'd1', text: 'during' });
    expect(during).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    const http = await fetch(server.url + HTTP.visitorSession, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ siteKey: site.siteKey }) });
    expect(http.status).toBe(503);

    cluster.start();
    await expect.poll(async () => (await fetch(server.url + HTTP.ready)).status, { timeout: 15_000, interval: 200 }).toBe(200);
    // The client resends what was not acknowledged, with the same client id: stored once.
    ok(await visitorRequest(visitor, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'd1', text: 'during' }));
    ok(await visitorRequest(visitor, EVENTS.messageSend, { conversationId: conversation.id, clientId: 'd1', text: 'during' }));
    const stored = await server.database.db.select().from(messages).where(eq(messages.conversationId, conversation.id));
    expect(stored.filter((m) => m.clientId).map((m) => m.text).sort()).toEqual(['before', 'during']);
  }, 60_000);
});
