import { defineConfig } from 'vite';

/**
 * The console is a static single-page app that the server serves under /console/, so every asset
 * URL is built relative to that base. JSX goes through esbuild's automatic runtime with Preact as
 * the import source, which keeps the build free of framework plugins.
 */
export default defineConfig({
  base: '/console/',
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
