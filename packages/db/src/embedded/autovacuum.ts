/**
 * PostgreSQL's autovacuum, for the embedded database. PGlite runs PostgreSQL in single-user mode,
 * where no autovacuum worker exists: without this, tables would never be analyzed (the planner
 * would work without statistics however large `messages` grows) and dead row versions would
 * never be vacuumed (every message bumps its conversation's row). The statistics that drive
 * autovacuum are kept all the same, so the same thresholds apply, checked every few minutes.
 * A VACUUM holds the embedded database's one connection while it runs, so one table per check.
 */
import type pg from 'pg';

/** PostgreSQL's defaults: autovacuum_{vacuum,vacuum_insert,analyze}_{threshold,scale_factor}. */
const VACUUM = { threshold: 50, scale: 0.2 };
const VACUUM_INSERT = { threshold: 1000, scale: 0.2 };
const ANALYZE = { threshold: 50, scale: 0.1 };
/** How often the statistics are looked at (autovacuum_naptime is 1 min; a small install changes slowly). */
export const AUTOVACUUM_INTERVAL_MS = 5 * 60_000;

interface TableStats {
  relname: string;
  live: number;
  dead: number;
  inserted: number;
  modified: number;
}

export type Maintenance = { table: string; action: 'vacuum analyze' | 'analyze' };

/** What the thresholds call for, most urgent first (most dead rows, then most changes). */
export function maintenanceDue(tables: TableStats[]): Maintenance[] {
  const due: (Maintenance & { weight: number })[] = [];
  for (const t of tables) {
    const vacuum = t.dead > VACUUM.threshold + VACUUM.scale * t.live || t.inserted > VACUUM_INSERT.threshold + VACUUM_INSERT.scale * t.live;
    const analyze = t.modified > ANALYZE.threshold + ANALYZE.scale * t.live;
    if (vacuum) due.push({ table: t.relname, action: 'vacuum analyze', weight: t.dead + t.inserted });
    else if (analyze) due.push({ table: t.relname, action: 'analyze', weight: t.modified });
  }
  return due.sort((a, b) => b.weight - a.weight).map(({ table, action }) => ({ table, action }));
}

/** Runs the most urgent maintenance the statistics call for, if any; returns what it ran. */
export async function vacuumIfDue(pool: pg.Pool): Promise<Maintenance | null> {
  const { rows } = await pool.query<TableStats>(`
    select relname, n_live_tup::float8 as live, n_dead_tup::float8 as dead,
           n_ins_since_vacuum::float8 as inserted, n_mod_since_analyze::float8 as modified
    from pg_stat_user_tables where schemaname = 'public'`);
  const [next] = maintenanceDue(rows);
  if (!next) return null;
  await pool.query(`${next.action === 'analyze' ? 'analyze' : 'vacuum (analyze)'} "${next.table.replace(/"/g, '""')}"`);
  return next;
}

/** Checks every `intervalMs` until stopped; a failed check waits for the next one. */
export function startAutovacuum(pool: pg.Pool, intervalMs = AUTOVACUUM_INTERVAL_MS): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => vacuumIfDue(pool)).catch(() => {});
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
