import { sites } from '@parley/db';
import { testDatabaseTargets } from '@parley/db/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/modules/demo/seed-demo.ts';
import { agentLogin, visitorSession } from './support/clients.ts';
import { startServer, type TestServer } from './support/server.ts';

// The PostgreSQL test database is shared by test files; only PGlite gets the real demo key.
describe('demo seed on PGlite', () => {
  let server: TestServer;
  const admin = { email: 'owner@shop.example', password: 'a-long-demo-password' };

  beforeAll(async () => {
    server = await startServer(await testDatabaseTargets()[0]!.create());
  });
  afterAll(async () => {
    await server.close();
    await server.database.close();
  });

  it('creates the demo site with Sales and Support and an admin who can sign in, once', async () => {
    expect(await seedDemo(server.database.db, admin)).toEqual({ created: true });
    expect(await seedDemo(server.database.db, admin)).toEqual({ created: false });
    expect(await server.database.db.select().from(sites).where(eq(sites.siteKey, 'demo'))).toHaveLength(1);

    const session = await visitorSession(server.url, 'demo');
    expect(session.site.channels.map((c) => c.name)).toEqual(['Sales', 'Support']);
    const login = await agentLogin(server.url, admin.email, admin.password);
    expect(login.agent.role).toBe('admin');
    expect(login.sites.map((s) => s.siteKey)).toEqual(['demo']);
  });
});
