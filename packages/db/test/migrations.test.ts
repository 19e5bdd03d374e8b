import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../src/client.ts';
import { testDatabaseTargets } from '../src/testing.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe.each(testDatabaseTargets())('migrations on $name', (target) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await target.create();
  });
  afterAll(() => handle.close());

  /** Both drivers return `{ rows }` from execute; the shared drizzle type does not say so. */
  const rows = async <T>(query: SQL) => ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows;

  it('creates every table', async () => {
    const names = await rows<{ table_name: string }>(sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
    expect(names.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['agents', 'channel_agents', 'channels', 'conversations', 'messages', 'site_agents', 'sites', 'visitors']),
    );
  });

  const siteWithChannel = async (key: string) => {
    const [site] = await rows<{ id: string }>(sql`insert into sites (site_key, name, identity_secret, widget) values (${key}, 'S', 's', '{}'::jsonb) returning id`);
    const [channel] = await rows<{ id: string }>(sql`insert into channels (site_id, name) values (${site!.id}, 'c') returning id`);
    return { site: site!, channel: channel! };
  };

  it("deletes a conversation's messages with it, also when a visitor's or site's deletion cascades to it", async () => {
    const { site, channel } = await siteWithChannel('cascade');
    /** A visitor with two conversations of three messages each; returns the conversation ids. */
    const visitorWithChats = async () => {
      const [visitor] = await rows<{ id: string }>(sql`insert into visitors (site_id) values (${site.id}) returning id`);
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        const [c] = await rows<{ id: string }>(
          sql`insert into conversations (site_id, channel_id, visitor_id, status, last_seq) values (${site.id}, ${channel.id}, ${visitor!.id}, 'closed', 3) returning id`,
        );
        await handle.db.execute(sql`insert into messages (conversation_id, seq, sender, text) select ${c!.id}, n, 'visitor', 'hi ' || n from generate_series(1, 3) n`);
        ids.push(c!.id);
      }
      return { visitorId: visitor!.id, conversationIds: ids };
    };
    const count = async (ids: string[]) =>
      (await rows<{ n: number }>(sql`select count(*)::int as n from messages where conversation_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`))[0]!.n;
    const ana = await visitorWithChats();
    const bao = await visitorWithChats();
    const cam = await visitorWithChats();

    await handle.db.execute(sql`delete from conversations where id = ${ana.conversationIds[0]!}`);
    expect(await count(ana.conversationIds)).toBe(3);
    await handle.db.execute(sql`delete from visitors where id = ${bao.visitorId}`);
    expect(await count(bao.conversationIds)).toBe(0);
    expect(await count([...ana.conversationIds, ...cam.conversationIds])).toBe(9);
    await handle.db.execute(sql`delete from sites where id = ${site.id}`);
    expect(await count([...ana.conversationIds, ...cam.conversationIds])).toBe(0);
  });

  it('keys messages by conversation and sequence number', async () => {
    const { site, channel } = await siteWithChannel('key');
    const [visitor] = await rows<{ id: string }>(sql`insert into visitors (site_id) values (${site.id}) returning id`);
    const [c] = await rows<{ id: string }>(
      sql`insert into conversations (site_id, channel_id, visitor_id, status) values (${site.id}, ${channel.id}, ${visitor!.id}, 'active') returning id`,
    );
    await handle.db.execute(sql`insert into messages (conversation_id, seq, sender, text) values (${c!.id}, 1, 'visitor', 'one')`);
    // drizzle wraps the driver's error; the constraint is named on its cause.
    await expect(handle.db.execute(sql`insert into messages (conversation_id, seq, sender, text) values (${c!.id}, 1, 'visitor', 'again')`)).rejects.toMatchObject({
      cause: { code: '23505', constraint: 'messages_conversation_seq_pk' },
    });
  });

  it('is safe to run again', async () => {
    const again = await target.create();
    await again.ping();
    await again.close();
  });
});

describe('embedded data folder', () => {
  it('keeps data across restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-db-'));
    try {
      const first = await createDatabase({ dataDir: dir });
      await first.db.execute(sql`insert into sites (site_key, name, identity_secret, widget) values ('persist', 'P', 's', '{}'::jsonb)`);
      await first.close();
      const second = await createDatabase({ dataDir: dir });
      const result = await second.db.execute(sql`select count(*)::int as n from sites where site_key = 'persist'`);
      const rows = (result as unknown as { rows: { n: number }[] }).rows;
      expect(rows[0]!.n).toBe(1);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
