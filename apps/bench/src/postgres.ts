/**
 * The PostgreSQL target: BENCH_DATABASE_URL when set; otherwise a throwaway cluster from the
 * installed server binaries (/usr/lib/postgresql/<v>/bin), in a temp dir on a free port, stopped
 * and removed afterwards. As root it runs as the `postgres` user (the binaries refuse root).
 * Durability stays on (fsync, synchronous_commit, full_page_writes are PostgreSQL's defaults
 * and are set explicitly): the figures are for acknowledged = durable.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresTarget {
  /** Where the URL came from. */
  source: 'BENCH_DATABASE_URL' | 'throwaway cluster';
  version: string | null;
  /** A fresh database for one server run. */
  newDatabase(name: string): string;
  /**
   * Drops a run's database when the run is over, so its autovacuum and checkpoint work (a run
   * leaves ~50,000 messages and much-updated conversation rows) does not land on the next target.
   */
  dropDatabase(name: string): void;
  stop(): void;
}

const PG_ROOT = '/usr/lib/postgresql';

function findBin(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  return readdirSync(PG_ROOT)
    .sort((a, b) => Number(a) - Number(b))
    .map((v) => join(PG_ROOT, v, 'bin'))
    .filter((b) => existsSync(join(b, 'pg_ctl')) && existsSync(join(b, 'initdb')))
    .at(-1);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

/** Returns the target, or a sentence saying why there is none. */
export async function startPostgres(): Promise<PostgresTarget | string> {
  const url = process.env.BENCH_DATABASE_URL;
  const bin = findBin();
  if (url) {
    return {
      source: 'BENCH_DATABASE_URL',
      version: bin ? run([join(bin, 'postgres'), '--version']) : null,
      // A shared server: one database, with unique site keys and emails per run.
      newDatabase: () => url,
      dropDatabase: () => {},
      stop: () => {},
    };
  }
  if (!bin) return 'no BENCH_DATABASE_URL and no PostgreSQL server binaries under /usr/lib/postgresql: the PostgreSQL target is skipped';
  const root = process.getuid?.() === 0;
  const as = (args: string[]) => (root ? ['runuser', '-u', 'postgres', '--', ...args] : args);
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-pg-'));
  if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), 0);
  const port = await freePort();
  const data = join(dir, 'data');
  const pgctl = (...args: string[]) => run(as([join(bin, 'pg_ctl'), '-D', data, '-w', ...args]));
  run(as([join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '--no-sync']));
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=on',
    '-c synchronous_commit=on',
    '-c full_page_writes=on',
    '-c max_connections=100',
    '-c shared_buffers=256MB',
  ].join(' ');
  pgctl('-l', join(dir, 'log'), '-o', settings, 'start');
  const base = `postgres://postgres@127.0.0.1:${port}`;
  return {
    source: 'throwaway cluster',
    version: run([join(bin, 'postgres'), '--version']),
    newDatabase(name) {
      run(as([join(bin, 'createdb'), '-h', dir, '-p', String(port), '-U', 'postgres', name]));
      return `${base}/${name}`;
    },
    dropDatabase(name) {
      // DROP DATABASE waits for a checkpoint: the cluster is quiet again when this returns.
      run(as([join(bin, 'dropdb'), '-h', dir, '-p', String(port), '-U', 'postgres', '--if-exists', '--force', name]));
    },
    stop() {
      try {
        pgctl('-m', 'fast', 'stop');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function run(args: string[]): string {
  return execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] })
    .toString()
    .trim();
}
