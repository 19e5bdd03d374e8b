/** Real `main.ts` server processes for tests that need whole nodes (restarts, several nodes). */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../..', import.meta.url));
// `node --import tsx` keeps the server in one process: a SIGKILL kills the server itself, not a wrapper.

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: string;
}

const running: ChildProcess[] = [];
const dirs: string[] = [];

/** Starts `main.ts` on a free port and resolves once it printed its banner. */
export function startProcess(env: Record<string, string> = {}): Promise<ServerProcess> {
  // (PORT may be fixed by the caller, e.g. to restart a killed node where its clients reconnect.)
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      DATA_DIR: tempDir(),
      RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000000',
      SESSION_RATE_LIMIT_PER_MINUTE: '1000000',
      SHUTDOWN_DRAIN_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no banner within 45 s:\n${output}`)), 45_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Console:\s+(http:\/\/[^\s]+)\/console\//.exec(output);
      if (match && /\n\n/.test(output.slice(output.indexOf('Console:')))) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${output}`));
    });
  });
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-proc-'));
  dirs.push(dir);
  return dir;
}

/** Stops every process these helpers started and removes their folders. */
export async function cleanupProcesses(): Promise<void> {
  await Promise.all(running.splice(0).map((child) => stopProcess(child)));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Runs a one-shot server script (e.g. `src/migrate.ts`) to its end: exit code and output. */
export function runScript(script: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: serverDir,
    env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
