/**
 * The real entry point as a user runs it: embedded database, demo seed, printed URLs and
 * credentials, data reused by a second start, and two instances side by side.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { agentLogin, visitorSession } from './support/clients.ts';
import { cleanupProcesses, startProcess, stopProcess, tempDir } from './support/processes.ts';

const start = (dataDir: string, env: Record<string, string> = {}) => startProcess({ DATA_DIR: dataDir, ...env });
const stop = (child: Parameters<typeof stopProcess>[0]) => stopProcess(child);

afterAll(cleanupProcesses);

describe('starting Parley on the embedded database', () => {
  it('seeds the demo, prints where to go, and reuses the data on the next start', async () => {
    const dataDir = tempDir();
    const env = { DEMO_ADMIN_EMAIL: 'boss@shop.example', DEMO_ADMIN_PASSWORD: 'very-secret-demo' };
    const first = await start(dataDir, env);
    expect(first.output).toContain(`${first.url}/demo`);
    expect(first.output).toContain('boss@shop.example / very-secret-demo');
    const session = await visitorSession(first.url, 'demo');
    const login = await agentLogin(first.url, env.DEMO_ADMIN_EMAIL, env.DEMO_ADMIN_PASSWORD);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    await stop(first.child);

    const second = await start(dataDir, env);
    const again = await visitorSession(second.url, 'demo', session.token);
    expect(again.site.id).toBe(session.site.id);
    expect(again.visitor.id).toBe(session.visitor.id);
    // The signing secret was kept in DATA_DIR, so the old agent token is still valid.
    const me = await fetch(`${second.url}/api/v1/agent/me`, { headers: { authorization: `Bearer ${login.token}` } });
    expect(me.status).toBe(200);
    await stop(second.child);
  }, 90_000);

  it('runs two instances side by side on their own ports and data folders', async () => {
    const [a, b] = await Promise.all([start(tempDir()), start(tempDir())]);
    expect(a.url).not.toBe(b.url);
    const [sa, sb] = await Promise.all([visitorSession(a.url, 'demo'), visitorSession(b.url, 'demo')]);
    expect(sa.site.id).not.toBe(sb.site.id);
    await Promise.all([stop(a.child), stop(b.child)]);
  }, 90_000);

  it('refuses to start with a bad setting and names it', async () => {
    await expect(start(tempDir(), { PORT: 'eighty' })).rejects.toThrow(/PORT/);
  });
});
