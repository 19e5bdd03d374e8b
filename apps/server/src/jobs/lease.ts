/**
 * Database leases: the way nodes agree, without a cluster protocol of their own, on which one
 * runs a piece of scheduled work. A lease is taken when free or expired and renewed by its holder;
 * a holder that dies simply stops renewing.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '@parley/db';

/** Takes or renews the lease; true when `holder` holds it for the next `ttlMs`. */
export async function holdLease(db: Database, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const result = await db.execute(sql`
    insert into job_leases (name, holder, expires_at)
    values (${name}, ${holder}, now() + make_interval(secs => ${ttlMs / 1000}))
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
    where job_leases.holder = excluded.holder or job_leases.expires_at < now()
    returning holder
  `);
  const rows = (result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[]);
  return rows.length > 0;
}

/** Gives the lease up at once (a node shutting down), so another node need not wait it out. */
export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.execute(sql`delete from job_leases where name = ${name} and holder = ${holder}`);
}
