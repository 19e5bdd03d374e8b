/**
 * Configuration, parsed once at boot from the environment. Defaults live here and nowhere else;
 * a bad value stops the process with a message naming the variable.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('localhost'),
  DATABASE_URL: z.string().url().optional(),
  /** Redis for the Socket.IO adapter between nodes (streams); without it, PostgreSQL carries them. */
  REDIS_URL: z.string().url().optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_DEMO: z.enum(['true', 'false', '1', '0']).optional(),
  DEMO_ADMIN_EMAIL: z.string().email().default('admin@demo.parley.local'),
  DEMO_ADMIN_PASSWORD: z.string().min(8, 'DEMO_ADMIN_PASSWORD must be at least 8 characters').default('parley-demo'),
  /** Seconds an agent token stays valid. */
  AGENT_TOKEN_TTL: z.coerce.number().int().positive().default(12 * 3600),
  /** Seconds a visitor token stays valid (renewed on every visit). */
  VISITOR_TOKEN_TTL: z.coerce.number().int().positive().default(180 * 24 * 3600),
  /** Seconds a disconnected agent keeps their chats before going offline and the chats are requeued. */
  AGENT_GRACE_SECONDS: z.coerce.number().min(0).default(60),
  /** Seconds a disconnected visitor's waiting conversation is kept before it counts as missed. */
  VISITOR_GRACE_SECONDS: z.coerce.number().min(0).default(60),
  /**
   * Seconds a node keeps serving after SIGTERM with readiness failing, so the proxy or the
   * orchestrator stops sending it new traffic, before it closes its connections.
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).default(3),
  /** Seconds between scheduler ticks (one node at a time runs the scheduled jobs). */
  SCHEDULER_TICK_SECONDS: z.coerce.number().min(0.05).max(60).default(2),
  /** HTTP requests per minute per IP, all routes. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Agent sign-in attempts per minute per IP. */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(10),
  /** New visitor sessions per minute per IP. */
  SESSION_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  /** Socket events per second per visitor (bursts of 4× allowed). */
  VISITOR_EVENTS_PER_SECOND: z.coerce.number().positive().default(5),
  /** Socket events per second per agent (bursts of 3× allowed). */
  AGENT_EVENTS_PER_SECOND: z.coerce.number().positive().default(20),
  /**
   * Hosts that may receive webhooks although they are local or private (`host` or `host:port`,
   * comma-separated), e.g. an internal CRM. Everything else private is refused.
   */
  WEBHOOK_ALLOWED_HOSTS: z.string().default(''),
  /** Seconds a webhook request may take before it counts as failed. */
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().max(120).default(10),
  /** First retry delay in seconds; later ones grow from it (×6, ×30, ×180, … about 10 s, 1 min, 5 min, 30 min, 2 h, 6 h). */
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().positive().default(10),
  /** Attempts before a delivery is marked failed. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  /** How often each node looks for due webhook deliveries (new events are also sent at once). */
  WEBHOOK_POLL_SECONDS: z.coerce.number().positive().default(2),
  /** Run database migrations when the server starts; `false` when `pnpm migrate` runs them (several nodes). */
  MIGRATE_ON_START: z.enum(['true', 'false', '1', '0']).default('true'),
  /** Seconds between runs of the transcript retention job; 0 turns the job off on this node. */
  RETENTION_INTERVAL_SECONDS: z.coerce.number().min(0).default(3600),
  /** Bearer token for GET /metrics from other machines; without it /metrics answers loopback only. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  publicUrl: string | undefined;
  logLevel: string;
  seedDemo: boolean;
  demoAdmin: { email: string; password: string };
  agentTokenTtl: number;
  visitorTokenTtl: number;
  agentGraceMs: number;
  visitorGraceMs: number;
  schedulerTickMs: number;
  drainMs: number;
  rateLimits: {
    perMinute: number;
    loginPerMinute: number;
    sessionsPerMinute: number;
    visitorEvents: { burst: number; perSecond: number };
    agentEvents: { burst: number; perSecond: number };
  };
  webhooks: {
    /** Lower-cased `host` or `host:port` entries allowed although private. */
    allowedHosts: string[];
    timeoutMs: number;
    retryBaseMs: number;
    maxAttempts: number;
    pollMs: number;
  };
  migrateOnStart: boolean;
  /** 0 = the retention job does not run on this node. */
  retentionIntervalMs: number;
  metricsToken: string | undefined;
}

export class ConfigError extends Error {}

/** Parses the environment into a Config, or throws a ConfigError naming the bad variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (common in compose files and CI) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  if (e.DATABASE_URL && !e.JWT_SECRET) {
    throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when DATABASE_URL is set (32+ characters)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    dataDir,
    jwtSecret: e.JWT_SECRET ?? embeddedSecret(dataDir),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    seedDemo: e.SEED_DEMO ? e.SEED_DEMO === 'true' || e.SEED_DEMO === '1' : !e.DATABASE_URL,
    demoAdmin: { email: e.DEMO_ADMIN_EMAIL.toLowerCase(), password: e.DEMO_ADMIN_PASSWORD },
    agentTokenTtl: e.AGENT_TOKEN_TTL,
    visitorTokenTtl: e.VISITOR_TOKEN_TTL,
    agentGraceMs: e.AGENT_GRACE_SECONDS * 1000,
    visitorGraceMs: e.VISITOR_GRACE_SECONDS * 1000,
    schedulerTickMs: e.SCHEDULER_TICK_SECONDS * 1000,
    drainMs: e.SHUTDOWN_DRAIN_SECONDS * 1000,
    rateLimits: {
      perMinute: e.RATE_LIMIT_PER_MINUTE,
      loginPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
      sessionsPerMinute: e.SESSION_RATE_LIMIT_PER_MINUTE,
      visitorEvents: { burst: Math.ceil(e.VISITOR_EVENTS_PER_SECOND * 4), perSecond: e.VISITOR_EVENTS_PER_SECOND },
      agentEvents: { burst: Math.ceil(e.AGENT_EVENTS_PER_SECOND * 3), perSecond: e.AGENT_EVENTS_PER_SECOND },
    },
    webhooks: {
      allowedHosts: e.WEBHOOK_ALLOWED_HOSTS.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean),
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
      retryBaseMs: e.WEBHOOK_RETRY_BASE_SECONDS * 1000,
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      pollMs: e.WEBHOOK_POLL_SECONDS * 1000,
    },
    migrateOnStart: e.MIGRATE_ON_START === 'true' || e.MIGRATE_ON_START === '1',
    retentionIntervalMs: e.RETENTION_INTERVAL_SECONDS * 1000,
    metricsToken: e.METRICS_TOKEN,
  };
}

/** Only what `pnpm migrate` needs (no JWT_SECRET: migrating signs nothing). */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): { databaseUrl: string | undefined; dataDir: string } {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.pick({ DATABASE_URL: true, DATA_DIR: true }).safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return { databaseUrl: parsed.data.DATABASE_URL, dataDir: resolve(parsed.data.DATA_DIR) };
}

/** The embedded install keeps a generated signing secret next to its data, so tokens survive restarts. */
function embeddedSecret(dataDir: string): string {
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
