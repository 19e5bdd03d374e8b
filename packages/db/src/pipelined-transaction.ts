/**
 * A transaction that does not wait for its BEGIN: the pools' connections pipeline (pg sends a
 * queued query without waiting for the answer to the one before), so BEGIN goes out with the
 * callback's first statements, and statements the callback issues without awaiting in between
 * share one round trip too. PostgreSQL still runs them one after another, each with a snapshot
 * taken when it starts: a statement queued behind a lock waits for that lock like any other.
 *
 * For the hot batch transactions (starts), where each round trip is made under the sites' locks.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { connectionOf, type Database, type Transaction } from './client.ts';
import * as schema from './schema.ts';

// One drizzle handle per pooled connection, built once: the pool hands the same clients out again.
const handles = new WeakMap<pg.PoolClient, Transaction>();

function handleFor(client: pg.PoolClient): Transaction {
  let tx = handles.get(client);
  if (!tx) handles.set(client, (tx = drizzle(client, { schema }) as unknown as Transaction));
  return tx;
}

export async function pipelinedTransaction<T>(db: Database, run: (tx: Transaction) => Promise<T>): Promise<T> {
  const client = await connectionOf(db).connect();
  let broken: Error | undefined;
  try {
    const begun = client.query('begin');
    // Its error, if any, is the one the callback's first statement meets as well; read below.
    begun.catch(() => {});
    const result = await run(handleFor(client));
    await begun;
    await client.query('commit');
    return result;
  } catch (error) {
    // A connection that cannot roll back is not given to anyone else.
    await client.query('rollback').catch((e: Error) => (broken = e));
    throw error;
  } finally {
    client.release(broken);
  }
}
