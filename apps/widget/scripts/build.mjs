/**
 * Builds the widget in two steps and enforces its size budget:
 *   1. the app (Preact, ES modules, CSS inlined in JS) → dist/widget/app-[hash].js plus the chunks
 *      it imports, all named by content hash (served immutable). Rarely needed parts are separate
 *      chunks loaded with `import()`; a chunk resolves its imports against its own URL, so they
 *      load from the widget's server whatever the host page's origin.
 *   2. the loader (IIFE) → dist/widget.js (served with a short cache), told the app's file name.
 *
 * "Open, connected widget" = loader + the entry chunk + every chunk it imports statically
 * (followed transitively; dynamic imports are not followed) + CSS. That sum has to fit the budget;
 * each lazy chunk is printed too. Writes dist/sizes.json and exits non-zero over budget.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, transformWithEsbuild } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const LOADER_BUDGET = 2048;
const TOTAL_BUDGET = 30720;

/** Options both builds share. */
const shared = {
  root,
  configFile: false,
  logLevel: 'warn',
  publicDir: false,
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
};

/**
 * Vite keeps whitespace in ES library builds (for downstream tree-shaking); these chunks are final,
 * so strip it. Runs in renderChunk, so Rollup's content hashes cover the final code.
 */
const minifyWhitespace = {
  name: 'parley-minify-whitespace',
  renderChunk: {
    order: 'post', // after Vite's own esbuild pass, which would print the whitespace again
    async handler(code, chunk) {
      const result = await transformWithEsbuild(code, chunk.fileName, { minify: true, format: 'esm' });
      return { code: result.code, map: null };
    },
  },
};

/**
 * engine.io-client looks transports up by name in a table that imports every transport (polling,
 * WebSocket, WebTransport), so none can be tree-shaken. The widget passes transport classes
 * instead (src/app/connection.ts), so the table is replaced by an empty one: WebSocket stays in
 * the core bundle, polling goes to a lazy chunk and WebTransport goes. Should the library move that
 * file, nothing is replaced and only the size grows (the budget check says so).
 */
const transportsByClass = {
  name: 'parley-transports-by-class',
  enforce: 'pre',
  resolveId(source, importer) {
    if (source === './transports/index.js' && /[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]socket\.js$/.test(importer ?? '')) {
      return '\0parley-no-transport-table';
    }
    return null;
  },
  load(id) {
    return id === '\0parley-no-transport-table' ? 'export const transports = {};' : null;
  },
};

/**
 * Packets are read and written by socket.io-parser and engine.io-parser, with support for binary
 * attachments, Blobs and base64 that Parley never uses (all its payloads are JSON text).
 * src/app/wire-socket.ts and src/app/wire-engine.ts speak the same text wire formats without it
 * (test/wire.test.ts pins them); socket.io-client's imports of the one and the core engine.io-client
 * modules' imports of the other are pointed at them. The polling transport, a lazy chunk, keeps the
 * real engine.io-parser (its payload framing is more than one packet per message).
 */
const wireModule = (name) => fileURLToPath(new URL(`../src/app/${name}.ts`, import.meta.url));
const textPackets = {
  name: 'parley-text-packets',
  enforce: 'pre',
  resolveId(source, importer) {
    const from = (importer ?? '').replaceAll('\\', '/');
    if (source === 'socket.io-parser' && from.includes('/socket.io-client/build/esm/')) return wireModule('wire-socket');
    // Only the modules of a WebSocket connection; polling keeps the real parser (and WebTransport goes).
    const core = ['socket.js', 'transport.js', 'transports/websocket.js'];
    if (source === 'engine.io-parser' && core.some((file) => from.endsWith(`/engine.io-client/build/esm/${file}`))) {
      return wireModule('wire-engine');
    }
    return null;
  },
};

/**
 * `EVENTS`, the protocol's table of every event name (agent events included), would be bundled
 * whole for the few names the widget uses. Each `EVENTS.name` in the widget's own modules is
 * replaced by its string before compiling (the types were checked against the table by tsc), so
 * the table drops out. The names are read from the protocol's source; a name not found stays as
 * written, and then the table stays too (only the size grows: the budget check says so).
 */
let eventNames = new Map();
const inlineEventNames = {
  name: 'parley-inline-event-names',
  enforce: 'pre',
  async buildStart() {
    const index = await this.resolve('@parley/protocol', `${root}src/app/main.tsx`);
    const source = await readFile(new URL('events.ts', pathToFileURL(index.id)), 'utf8');
    const table = /export const EVENTS = \{([\s\S]*?)\} as const;/.exec(source)?.[1] ?? '';
    eventNames = new Map([...table.matchAll(/(\w+): '([^']+)'/g)].map((m) => [m[1], m[2]]));
  },
  transform(code, id) {
    if (!id.startsWith(`${root}src/`) || !/\.tsx?$/.test(id)) return null;
    return code.replace(/\bEVENTS\.(\w+)\b/g, (match, name) => (eventNames.has(name) ? JSON.stringify(eventNames.get(name)) : match));
  },
};

await rm(dist, { recursive: true, force: true });

const appOutput = await build({
  ...shared,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  plugins: [inlineEventNames, transportsByClass, textPackets, minifyWhitespace],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: false,
    minify: true,
    lib: { entry: 'src/app/main.tsx', formats: ['es'], fileName: () => 'app-[hash].js' },
    rollupOptions: {
      // Lazy chunks import shared code from the entry chunk itself; without this Rollup would put a
      // facade in front of it (app-[hash].js importing main-[hash].js): one more round trip.
      preserveEntrySignatures: 'allow-extension',
      // engine.io-client's transport modules run code when loaded (XHR feature checks, unload
      // handlers) though only the transport in use needs it: let Rollup drop the unused ones.
      treeshake: { moduleSideEffects: (id) => !/[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]/.test(id) },
      output: { chunkFileNames: '[name]-[hash].js', assetFileNames: '[name]-[hash][extname]' },
    },
  },
});
const files = [appOutput].flat().flatMap((o) => o.output);
const byName = new Map(files.map((f) => [f.fileName, f]));
const entry = files.find((f) => f.type === 'chunk' && f.isEntry);
if (!entry) throw new Error('the app build produced no entry chunk');
for (const chunk of files) {
  // Vite's preload helper would fetch chunks from the host page's origin: it must not be there.
  if (chunk.type === 'chunk' && chunk.code.includes('modulepreload')) {
    throw new Error(`${chunk.fileName} uses a modulepreload helper; lazy chunks must load relative to their importer`);
  }
}

/** The entry and every chunk reachable from it through static imports. */
const core = new Set();
const visit = (fileName) => {
  if (core.has(fileName)) return;
  core.add(fileName);
  for (const next of byName.get(fileName)?.imports ?? []) visit(next);
};
visit(entry.fileName);
// CSS emitted as files (none today: styles are inlined in their chunks) would be downloaded too.
for (const file of files) if (file.fileName.endsWith('.css')) core.add(file.fileName);

await build({
  ...shared,
  define: { __PARLEY_APP_FILE__: JSON.stringify(entry.fileName) },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    lib: { entry: 'src/loader/loader.ts', formats: ['iife'], name: 'ParleyLoader', fileName: () => 'widget.js' },
  },
});

const gzip = async (path) => gzipSync(await readFile(path)).length;
const loaderGzip = await gzip(`${dist}/widget.js`);
const sizes = {};
for (const file of files) sizes[file.fileName] = await gzip(`${dist}/widget/${file.fileName}`);
const coreFiles = [...core];
const lazyFiles = files.map((f) => f.fileName).filter((f) => !core.has(f));
const totalGzip = loaderGzip + coreFiles.reduce((sum, f) => sum + sizes[f], 0);
const allGzip = totalGzip + lazyFiles.reduce((sum, f) => sum + sizes[f], 0);

await writeFile(
  `${dist}/sizes.json`,
  `${JSON.stringify(
    {
      loaderGzip,
      totalGzip,
      budget: { loader: LOADER_BUDGET, total: TOTAL_BUDGET },
      appFile: entry.fileName,
      core: Object.fromEntries(coreFiles.map((f) => [f, sizes[f]])),
      lazy: Object.fromEntries(lazyFiles.map((f) => [f, sizes[f]])),
      allGzip,
    },
    null,
    2,
  )}\n`,
);

const row = (label, bytes, note = '') => console.log(`${label.padEnd(36)} ${String(bytes).padStart(6)} B gzip${note}`);
row('widget.js (loader)', loaderGzip, ` (budget ${LOADER_BUDGET})`);
for (const f of coreFiles) row(`widget/${f}`, sizes[f], f === entry.fileName ? ' (entry)' : ' (static import)');
row('open, connected widget', totalGzip, ` (budget ${TOTAL_BUDGET}): loader + entry + static imports`);
for (const f of lazyFiles) row(`widget/${f}`, sizes[f], ' (lazy, loaded on demand)');
row('everything, with every lazy chunk', allGzip);

if (loaderGzip > LOADER_BUDGET || totalGzip > TOTAL_BUDGET) {
  console.error('over the size budget');
  process.exit(1);
}
