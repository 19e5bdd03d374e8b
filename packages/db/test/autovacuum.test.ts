import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maintenanceDue, startAutovacuum, vacuumIfDue } from '../src/embedded/autovacuum.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/embedded/embedded-database.ts';

describe('embedded autovacuum thresholds', () => {
  const table = (relname: string, live: number, dead = 0, inserted = 0, modified = 0) => ({ relname, live, dead, inserted, modified });

  it("follows PostgreSQL's defaults, most urgent first", () => {
    expect(maintenanceDue([table('quiet', 1000, 100, 100, 100)])).toEqual([]);
    expect(maintenanceDue([table('updated', 1000, 251), table('analyzed', 1000, 0, 0, 151)])).toEqual([
      { table: 'updated', action: 'vacuum analyze' },
      { table: 'analyzed', action: 'analyze' },
    ]);
    // Append-only tables are vacuumed for their inserts too (autovacuum_vacuum_insert_threshold).
    expect(maintenanceDue([table('appended', 10_000, 0, 3001, 3001)])).toEqual([{ table: 'appended', action: 'vacuum analyze' }]);
    expect(maintenanceDue([table('small', 10, 30, 0, 30), table('big', 100_000, 30_000)]).map((m) => m.table)).toEqual(['big']);
  });
});

describe('embedded autovacuum on PGlite', () => {
  let embedded: EmbeddedDatabase;
  const stats = async (name: string) =>
    (
      await embedded.pool.query<{ vacuumed: boolean; analyzed: boolean; reltuples: number }>(
        `select last_vacuum is not null as vacuumed, last_analyze is not null as analyzed, c.reltuples::float8 as reltuples
         from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = $1`,
        [name],
      )
    ).rows[0]!;

  beforeAll(async () => {
    embedded = await startEmbeddedDatabase(undefined);
  });
  afterAll(() => embedded.close());

  it('vacuums a table with many dead rows, then analyzes one with enough changes, then rests', async () => {
    await embedded.pool.query('create table churn (id int primary key, v int)');
    await embedded.pool.query('insert into churn select g, 0 from generate_series(1, 2000) g');
    await embedded.pool.query('update churn set v = 1 where id <= 1000');
    await embedded.pool.query('create table steady (id int primary key, v int)');
    await embedded.pool.query('insert into steady select g, 0 from generate_series(1, 100) g');
    // Statistics reach the shared counters when a backend is idle, at most once a second.
    await embedded.pool.query('select pg_stat_force_next_flush()');
    await embedded.pool.query('select 1');

    expect(await stats('churn')).toMatchObject({ vacuumed: false, analyzed: false, reltuples: -1 });
    expect(await vacuumIfDue(embedded.pool)).toEqual({ table: 'churn', action: 'vacuum analyze' });
    expect(await stats('churn')).toMatchObject({ vacuumed: true, analyzed: true, reltuples: 2000 });

    // 100 new rows call for statistics, not a vacuum; then 65 updated stay under the vacuum
    // threshold (50 + 20 %) but pass analyze's (50 + 10 %).
    expect(await vacuumIfDue(embedded.pool)).toEqual({ table: 'steady', action: 'analyze' });
    await embedded.pool.query('update steady set v = 1 where id <= 65');
    await embedded.pool.query('select pg_stat_force_next_flush()');
    await embedded.pool.query('select 1');
    expect(await vacuumIfDue(embedded.pool)).toEqual({ table: 'steady', action: 'analyze' });
    expect(await stats('steady')).toMatchObject({ analyzed: true });
    expect(await vacuumIfDue(embedded.pool)).toBeNull();
  });

  it('runs on its own timer until stopped', async () => {
    await embedded.pool.query('create table timed (id int primary key)');
    await embedded.pool.query('insert into timed select g from generate_series(1, 200) g');
    await embedded.pool.query('select pg_stat_force_next_flush()');
    await embedded.pool.query('select 1');
    const autovacuum = startAutovacuum(embedded.pool, 20);
    try {
      const deadline = Date.now() + 5000;
      while (!(await stats('timed')).analyzed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await autovacuum.stop();
    }
    expect(await stats('timed')).toMatchObject({ analyzed: true, reltuples: 200 });
  });
});
