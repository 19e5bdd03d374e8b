/**
 * The docker/ files cannot be built here (no Docker engine), so their structure is checked: two
 * nodes after a one-shot migrate, healthchecks, a sticky WebSocket-capable proxy, a multi-stage
 * non-root image, and every variable the server reads documented for Docker users.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (path: string) => readFileSync(root + path, 'utf8');

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
  volumes?: string[];
  ports?: string[];
  restart?: string;
}

describe('docker/compose.yaml', () => {
  const compose = parse(read('docker/compose.yaml'), { merge: true }) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const services = compose.services;

  it('has PostgreSQL with a volume and a healthcheck', () => {
    expect(services.postgres!.image).toMatch(/^postgres:/);
    expect(services.postgres!.volumes).toContain('pgdata:/var/lib/postgresql/data');
    expect(services.postgres!.healthcheck!.test.join(' ')).toContain('pg_isready');
    expect(compose.volumes).toHaveProperty('pgdata');
  });

  it('runs migrations once, then two nodes that do not migrate themselves', () => {
    expect(services.migrate!.command!.join(' ')).toContain('apps/server/src/migrate.ts');
    expect(services.migrate!.restart).toBe('no');
    const nodes = Object.keys(services).filter((name) => /^parley-\d+$/.test(name));
    expect(nodes).toEqual(['parley-1', 'parley-2']);
    for (const name of nodes) {
      const node = services[name]!;
      expect(node.depends_on).toMatchObject({ postgres: { condition: 'service_healthy' }, migrate: { condition: 'service_completed_successfully' } });
      expect(node.environment).toMatchObject({ MIGRATE_ON_START: 'false', HOST: '0.0.0.0' });
      expect(node.environment!.DATABASE_URL).toMatch(/@postgres:5432\//);
      expect(node.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    }
  });

  it('puts a sticky nginx in front of both nodes', () => {
    const proxy = services.proxy!;
    expect(proxy.image).toMatch(/^nginx:/);
    expect(proxy.volumes).toContain('./nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(proxy.healthcheck!.test.join(' ')).toContain('/healthz');
    const nginx = read('docker/nginx.conf');
    expect(nginx).toMatch(/upstream parley \{\s*ip_hash;/);
    expect(nginx).toContain('server parley-1:3000');
    expect(nginx).toContain('server parley-2:3000');
    expect(nginx).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(nginx).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(nginx).toMatch(/proxy_read_timeout (\d+)s;/);
    expect(Number(/proxy_read_timeout (\d+)s;/.exec(nginx)![1])).toBeGreaterThan(45);
    expect(nginx).toMatch(/location = \/metrics \{\s*return 404;/);
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker/Dockerfile');
  const instructions = dockerfile.split('\n').filter((line) => /^[A-Z]+\s/.test(line));
  const runtime = instructions.slice(instructions.findLastIndex((line) => line.startsWith('FROM ')));

  it('is multi-stage and runs as a non-root user with a healthcheck', () => {
    expect(instructions.filter((line) => line.startsWith('FROM ')).length).toBeGreaterThanOrEqual(3);
    const user = runtime.find((line) => line.startsWith('USER '));
    expect(user).toBeDefined();
    expect(user).not.toMatch(/USER\s+(root|0)\b/);
    // The runtime stage's HEALTHCHECK (continued over two lines) probes readiness.
    const runtimeText = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtimeText).toMatch(/\nHEALTHCHECK [^\n]*\\\n[^\n]*\/readyz/);
    expect(runtime).toContain('EXPOSE 3000');
    expect(runtime).toContain('STOPSIGNAL SIGTERM');
    expect(runtime.some((line) => line.startsWith('CMD ') && line.includes('apps/server/src/main.ts'))).toBe(true);
  });

  it('ships migrations and built front-ends, and installs only production dependencies for the runtime', () => {
    expect(runtime).toContain('COPY packages/db/migrations packages/db/migrations');
    expect(runtime).toContain('COPY --from=build /app/apps/widget/dist apps/widget/dist');
    expect(runtime).toContain('COPY --from=build /app/apps/console/dist apps/console/dist');
    expect(dockerfile).toMatch(/pnpm install --frozen-lockfile --prod/);
  });

  it('has a .dockerignore that keeps local state out of the context', () => {
    const ignore = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '.data', '.git', '.env']) expect(ignore).toContain(entry);
  });
});

describe('docker/README.md', () => {
  it('documents every variable the server reads', () => {
    const config = read('apps/server/src/config.ts');
    const names = [...config.matchAll(/^\s+([A-Z][A-Z_]+): z\./gm)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(15);
    const docs = read('docker/README.md') + read('README.md');
    for (const name of names) expect(docs, name).toContain(`\`${name}\``);
    const dockerDocs = read('docker/README.md');
    for (const name of ['MIGRATE_ON_START', 'METRICS_TOKEN', 'RETENTION_INTERVAL_SECONDS', 'JWT_SECRET', 'DATABASE_URL', 'POSTGRES_PASSWORD', 'HTTP_PORT']) {
      expect(dockerDocs, name).toContain(`\`${name}\``);
    }
  });
});
