/** File name of the hashed app module, injected into the loader by scripts/build.mjs. */
declare const __PARLEY_APP_FILE__: string;

/** Vite turns `import css from './x.css?inline'` into the stylesheet text. */
declare module '*.css?inline' {
  const css: string;
  export default css;
}
