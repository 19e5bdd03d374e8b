/**
 * A throwaway PostgreSQL cluster started by a test (initdb in a temp folder, on a free port, run
 * as the `postgres` user), for tests that stop or share a server on purpose. Needs the server
 * binaries and root; `canStartPostgres` tells whether this machine has both.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.ts';

const PG_ROOT = '/usr/lib/postgresql';
const pgBin = existsSync(PG_ROOT)
  ? readdirSync(PG_ROOT).sort().map((v) => join(PG_ROOT, v, 'bin')).filter((b) => existsSync(join(b, 'pg_ctl'))).at(-1)
  : undefined;

export const canStartPostgres = Boolean(pgBin) && process.getuid?.() === 0;

export interface PostgresCluster {
  url: string;
  start(): void;
  stop(mode?: 'fast' | 'immediate'): void;
  /** Stops it (if running) and removes its folder. */
  remove(): void;
}

const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe' });

export async function startPostgresCluster(): Promise<PostgresCluster> {
  if (!canStartPostgres) throw new Error('PostgreSQL server binaries and root are needed');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'parley-pg-'));
  chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), 0);
  const pgctl = (...args: string[]) => asPostgres([join(pgBin!, 'pg_ctl'), '-D', join(dir, 'data'), '-w', ...args]);
  asPostgres([join(pgBin!, 'initdb'), '-D', join(dir, 'data'), '-U', 'postgres', '-A', 'trust', '--no-sync']);
  const start = () => pgctl('-l', join(dir, 'log'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`, 'start');
  const stop = (mode: 'fast' | 'immediate' = 'fast') => {
    try {
      pgctl('-m', mode, 'stop');
    } catch {
      // already stopped
    }
  };
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    remove() {
      stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
