/**
 * Builds the widget in two steps and enforces its size budget:
 *   1. the app (Preact, ES module, inline CSS) → dist/widget/app-[hash].js (served immutable)
 *   2. the loader (IIFE) → dist/widget.js (served with a short cache), told the app's file name
 * then prints gzipped sizes, writes dist/sizes.json, and exits non-zero over budget.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
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
 * Vite keeps whitespace in ES library builds (for downstream tree-shaking); this bundle is final,
 * so strip it. Runs in renderChunk, so Rollup's content hash covers the final code.
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

await rm(dist, { recursive: true, force: true });

const appOutput = await build({
  ...shared,
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  plugins: [minifyWhitespace],
  build: {
    outDir: 'dist/widget',
    emptyOutDir: false,
    minify: true,
    lib: { entry: 'src/app/main.tsx', formats: ['es'], fileName: () => 'app-[hash].js' },
    rollupOptions: { output: { inlineDynamicImports: true } },
  },
});
const appFile = [appOutput].flat().flatMap((o) => o.output).find((c) => c.type === 'chunk' && c.isEntry)?.fileName;
if (!appFile) throw new Error('the app build produced no entry chunk');

await build({
  ...shared,
  define: { __PARLEY_APP_FILE__: JSON.stringify(appFile) },
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    minify: true,
    lib: { entry: 'src/loader/loader.ts', formats: ['iife'], name: 'ParleyLoader', fileName: () => 'widget.js' },
  },
});

const gzip = async (path) => gzipSync(await readFile(path)).length;
const loaderGzip = await gzip(`${dist}/widget.js`);
const appGzip = await gzip(`${dist}/widget/${appFile}`);
const totalGzip = loaderGzip + appGzip;
await writeFile(`${dist}/sizes.json`, `${JSON.stringify({ loaderGzip, totalGzip }, null, 2)}\n`);

console.log(`widget.js            ${loaderGzip} B gzip (budget ${LOADER_BUDGET})`);
console.log(`widget/${appFile}  ${appGzip} B gzip`);
console.log(`loader + app         ${totalGzip} B gzip (budget ${TOTAL_BUDGET})`);

if (loaderGzip > LOADER_BUDGET || totalGzip > TOTAL_BUDGET) {
  console.error('over the size budget');
  process.exit(1);
}
