/** Starts Parley: configuration, database (migrated), demo seed, then listen. */
import { createDatabase } from '@parley/db';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { seedDemo, DEMO_SITE_KEY } from './modules/demo/seed-demo.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  // MIGRATE_ON_START=false: a separate `pnpm migrate` step has run them (several nodes, one schema change).
  const database = await createDatabase({ url: config.databaseUrl, dataDir: config.dataDir, migrate: config.migrateOnStart });
  const seeded = config.seedDemo ? await seedDemo(database.db, config.demoAdmin) : undefined;
  const { app, drain } = await buildApp({ config, database });

  // Graceful: readiness fails first (the proxy stops routing here), then connections close and
  // clients reconnect to another node, then the database. A second signal stops at once.
  const shutdown = async (signal: string) => {
    app.log.info({ signal, drainMs: config.drainMs }, 'draining');
    drain();
    process.once(signal, () => process.exit(1));
    await new Promise((resolve) => setTimeout(resolve, config.drainMs));
    await app.close();
    await database.close();
    app.log.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const lines = [
    '',
    `Parley is running (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`,
    `  Demo page:   ${base}/demo`,
    `  Console:     ${base}/console/`,
  ];
  if (seeded) {
    const note = seeded.created ? '' : ' (as set on the first start)';
    lines.push(`  Demo login:  ${config.demoAdmin.email} / ${config.demoAdmin.password}${note}`);
    lines.push(`  Snippet:     <script src="${base}/widget.js" data-site-key="${DEMO_SITE_KEY}" async></script>`);
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`Parley failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
