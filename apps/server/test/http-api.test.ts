import { HTTP, type AgentSessionResponse, type ErrorBody } from '@parley/protocol';
import { testDatabaseTargets } from '@parley/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, visitorSession } from './support/clients.ts';
import { createAgent, createSite, type TestAgent, type TestSite } from './support/factories.ts';
import { startServer, type TestServer } from './support/server.ts';

type ErrorResponse = { error: ErrorBody };

describe.each(testDatabaseTargets())('HTTP API on $name', (target) => {
  let server: TestServer;
  let site: TestSite;
  let agent: TestAgent;

  beforeAll(async () => {
    server = await startServer(await target.create());
    site = await createSite(server.database.db);
    agent = await createAgent(server.database.db, site, { name: 'Lan' });
  });
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  it('answers health and readiness probes', async () => {
    expect((await fetch(server.url + HTTP.health)).status).toBe(200);
    const ready = await fetch(server.url + HTTP.ready);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('signs an agent in and restores the session from the token', async () => {
    const login = await postJson<AgentSessionResponse>(server.url + HTTP.agentLogin, {
      email: agent.email.toUpperCase(),
      password: agent.password,
    });
    expect(login.status).toBe(200);
    expect(login.body.agent).toMatchObject({ id: agent.id, name: 'Lan', role: 'agent' });
    expect(login.body.sites.map((s) => s.id)).toEqual([site.id]);
    expect(login.body.sites[0]!.channels.map((c) => c.name)).toEqual(['Sales', 'Support']);

    const me = await fetch(server.url + HTTP.agentMe, { headers: { authorization: `Bearer ${login.body.token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as AgentSessionResponse).agent.id).toBe(agent.id);
  });

  it('refuses a wrong password, a missing token and a visitor token with UNAUTHORIZED', async () => {
    const wrong = await postJson<ErrorResponse>(server.url + HTTP.agentLogin, { email: agent.email, password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');

    const missing = await fetch(server.url + HTTP.agentMe);
    expect(missing.status).toBe(401);

    const visitor = await visitorSession(server.url, site.siteKey);
    const asAgent = await fetch(server.url + HTTP.agentMe, { headers: { authorization: `Bearer ${visitor.token}` } });
    expect(asAgent.status).toBe(401);
    expect(((await asAgent.json()) as ErrorResponse).error.code).toBe('UNAUTHORIZED');
  });

  it('answers bad bodies with VALIDATION, never a 500', async () => {
    const badType = await postJson<ErrorResponse>(server.url + HTTP.agentLogin, { email: 42, password: [] });
    expect(badType.status).toBe(400);
    expect(badType.body.error.code).toBe('VALIDATION');
    expect(badType.body.error.message).toMatch(/email/);

    const badJson = await fetch(server.url + HTTP.visitorSession, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"siteKey":',
    });
    expect(badJson.status).toBe(400);
    expect(((await badJson.json()) as ErrorResponse).error.code).toBe('VALIDATION');

    const huge = await postJson<ErrorResponse>(server.url + HTTP.visitorSession, { siteKey: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown routes with NOT_FOUND', async () => {
    const res = await fetch(server.url + '/api/v1/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as ErrorResponse).error.code).toBe('NOT_FOUND');
  });

  it('gives a visitor a session for a site key and keeps the same visitor when the token comes back', async () => {
    const first = await visitorSession(server.url, site.siteKey);
    expect(first.site).toMatchObject({ id: site.id, siteKey: site.siteKey });
    expect(first.site.channels.map((c) => c.name)).toEqual(['Sales', 'Support']);
    const again = await visitorSession(server.url, site.siteKey, first.token);
    expect(again.visitor.id).toBe(first.visitor.id);

    // A token of another site does not carry over: a new visitor is made.
    const other = await createSite(server.database.db);
    const elsewhere = await visitorSession(server.url, other.siteKey, first.token);
    expect(elsewhere.visitor.id).not.toBe(first.visitor.id);
  });

  it('refuses an unknown site key and an origin the site does not allow', async () => {
    const unknown = await postJson<ErrorResponse>(server.url + HTTP.visitorSession, { siteKey: 'no-such-site' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');

    const strict = await createSite(server.database.db, { allowedOrigins: ['https://shop.example'] });
    const allowed = await postJson(server.url + HTTP.visitorSession, { siteKey: strict.siteKey }, { origin: 'https://shop.example' });
    expect(allowed.status).toBe(200);
    const refused = await postJson<ErrorResponse>(
      server.url + HTTP.visitorSession,
      { siteKey: strict.siteKey },
      { origin: 'https://evil.example' },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('ORIGIN_NOT_ALLOWED');
  });

  it('serves the demo page with the script-tag snippet', async () => {
    const res = await fetch(server.url + '/demo');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(`<script src="${server.url}/widget.js" data-site-key="demo" async></script>`);
  });
});

describe('bytes that are not UTF-8', () => {
  it('answers a body with invalid UTF-8 with a typed error, not a 500', async () => {
    const server = await startServer(await testDatabaseTargets()[0]!.create());
    try {
      const body = Buffer.concat([Buffer.from('{"siteKey":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
      const res = await fetch(server.url + HTTP.visitorSession, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(((await res.json()) as ErrorResponse).error.code).toMatch(/VALIDATION|NOT_FOUND/);
    } finally {
      await server.close();
      await server.database.close();
    }
  });
});
