/**
 * Scenario 5, the widget, in its own process: build sizes from apps/widget/dist/sizes.json (the
 * widget build writes them), then Chromium (playwright-core) on a host page served here on
 * 127.0.0.1, once without and once with the snippet, against a running Parley (one agent
 * connected, so the channel is online and the panel shows the composer).
 *
 * - Page load (fresh browser context each time, CPU throttled `throttle`× like Lighthouse's
 *   mobile profile): long tasks (PerformanceObserver 'longtask', buffered) and bytes received
 *   (CDP Network.loadingFinished encodedDataLength) from navigation until the "first interaction"
 *   point, `interactAfterMs` after the load event (the loader fetches the app when the browser is
 *   idle after load, so that download counts). Blocking time = Σ max(0, task − 50 ms), as in TBT.
 * - Panel: a fresh context, no throttling; `interactAfterMs` after load, a click on the launcher;
 *   usable = the panel is shown with an enabled composer, no "connecting" banner, and the
 *   visitor socket's namespace connect packet (`40/visitor`) has arrived. Timed in the page.
 *
 * Config: one JSON argument (WidgetConfig). Output: one `widget` JSON line.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { NAMESPACES } from '@parley/protocol';
import { chromium, type Browser } from 'playwright-core';
import { io } from 'socket.io-client';
import { send } from './control.ts';
import { median } from './stats.ts';

export interface WidgetConfig {
  url: string;
  siteKey: string;
  /** An agent to connect so the channel is online; null when the driver already holds agents. */
  agentToken: string | null;
  widgetDist: string;
  repetitions: number;
  throttle: number;
  interactAfterMs: number;
}

export interface PageLoad {
  longTasks: number;
  longTaskMs: number;
  blockingMs: number;
  bytes: number;
  requests: number;
  loadEventMs: number;
  /** Time the widget's own scripts ran inside long animation frames (LoAF script attribution); null without LoAF. */
  widgetScriptMs: number | null;
  /** The part of the frames' blocking time the widget's scripts account for (see widgetShare); null without LoAF. */
  widgetBlockingMs: number | null;
}

export interface PanelTiming {
  /** Click → usable panel, ms. */
  usableMs: number | null;
  /** Click → the panel element is shown. */
  panelMs: number | null;
  /** Click → the visitor socket's namespace is connected (session created, socket open). */
  socketMs: number | null;
  /** Whether the app chunk was already loaded at the click (it loads when the browser is idle after load). */
  appLoadedBeforeClick: boolean;
  /** After the timing: typing into the composer enables the send button. */
  inputWorks: boolean;
}

export interface WidgetResult {
  type: 'widget';
  sizes: { loaderGzip: number; openWidgetGzip: number; allGzip: number; lazy: Record<string, number> };
  browser: null | {
    chromium: string;
    throttle: number;
    interactAfterMs: number;
    without: PageLoad[];
    with: PageLoad[];
    panel: PanelTiming[];
    median: {
      addedBlockingMs: number | null;
      addedLongTaskMs: number | null;
      addedBytes: number | null;
      /** Median over the loads with the snippet of widgetBlockingMs: the figure the target checks. */
      widgetBlockingMs: number | null;
      panelUsableMs: number | null;
    };
  };
  skipped: string | null;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WidgetConfig;
const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (p): p is string => Boolean(p && existsSync(p)),
);

function hostPage(withWidget: boolean): string {
  const paragraphs = Array.from({ length: 20 }, (_, i) => `<p>Product ${i + 1}: a fine thing at a fair price, delivered in two days.</p>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0 auto;max-width:48rem;padding:1rem}</style></head>
<body><header>A shop</header><main><h1>Products</h1>${paragraphs}<button id="buy">Buy</button></main>
${withWidget ? `<script src="${config.url}/widget.js" data-site-key="${config.siteKey}" async></script>` : ''}</body></html>`;
}

/**
 * Runs in the page before anything else: long tasks and the visitor socket's connect packet.
 * Plain JavaScript strings, not functions: tsx (esbuild keepNames) would insert helpers that do
 * not exist in the page.
 */
const INIT = `
window.__bench = { longTasks: [], frames: null, wsConnectedAt: null };
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch (e) {}
if (PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')) {
  window.__bench.frames = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const scripts = (e.scripts || []).map((s) => ({ url: s.sourceURL, duration: s.duration }));
      window.__bench.frames.push({ blocking: e.blockingDuration, scripts });
    }
  }).observe({ type: 'long-animation-frame', buffered: true });
}
(() => {
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(url, protocols) {
      super(url, protocols);
      this.addEventListener('message', (event) => {
        if (window.__bench.wsConnectedAt === null && typeof event.data === 'string' && event.data.startsWith('40/visitor')) {
          window.__bench.wsConnectedAt = performance.now();
          document.dispatchEvent(new Event('bench:ws'));
        }
      });
    }
  };
})();
`;

/** Armed before the click: resolves with click → panel shown and click → usable (ms, page clock). */
const ARM_PANEL_WATCH = `(() => {
  let clickAt = null;
  let panelAt = null;
  window.__panel = new Promise((resolve) => {
    const check = () => {
      if (clickAt === null) return;
      const root = document.querySelector('#parley-widget')?.shadowRoot;
      const panel = root?.querySelector('[data-testid="parley-panel"]');
      if (!panel) return;
      if (panelAt === null) panelAt = performance.now();
      const composer = root.querySelector('[data-testid="parley-composer"]');
      const banner = root.querySelector('[data-testid="parley-connection"]');
      if (composer && !composer.disabled && !banner && window.__bench.wsConnectedAt !== null) {
        observer.disconnect();
        resolve({ panel: panelAt - clickAt, socket: window.__bench.wsConnectedAt - clickAt, usable: Math.max(performance.now(), window.__bench.wsConnectedAt) - clickAt });
      }
    };
    const observer = new MutationObserver(check);
    const watchRoot = () => {
      const root = document.querySelector('#parley-widget')?.shadowRoot;
      if (root) observer.observe(root, { subtree: true, childList: true, attributes: true });
    };
    observer.observe(document.documentElement, { subtree: true, childList: true });
    watchRoot();
    document.addEventListener('bench:ws', check);
    // The launcher lives in the shadow root: its pointer events are composed and reach the document.
    document.addEventListener('pointerdown', () => { if (clickAt === null) clickAt = performance.now(); watchRoot(); }, { capture: true });
    setTimeout(() => resolve({ panel: panelAt === null || clickAt === null ? null : panelAt - clickAt, socket: null, usable: null }), 10000);
  });
})()`;

/** A long animation frame as the page recorded it: its blocking time and the scripts that ran. */
interface LongFrame {
  blocking: number;
  scripts: { url: string; duration: number }[];
}

/** The loader and the app's chunks, served from the Parley origin. */
const isWidgetScript = (url: string) => url === `${config.url}/widget.js` || url.startsWith(`${config.url}/widget/`);

/**
 * What the widget adds, read from the frames themselves rather than from the difference of two
 * noisy page loads: in each long frame, the widget's scripts account for at most their own
 * duration of the frame's blocking time — removing them could lower the blocking by no more than
 * that. An upper bound, so a 0 means 0.
 */
function widgetShare(frames: LongFrame[] | null): Pick<PageLoad, 'widgetScriptMs' | 'widgetBlockingMs'> {
  if (!frames) return { widgetScriptMs: null, widgetBlockingMs: null };
  let widgetScriptMs = 0;
  let widgetBlockingMs = 0;
  for (const frame of frames) {
    const own = frame.scripts.filter((s) => isWidgetScript(s.url)).reduce((sum, s) => sum + s.duration, 0);
    widgetScriptMs += own;
    widgetBlockingMs += Math.min(frame.blocking, own);
  }
  return { widgetScriptMs, widgetBlockingMs };
}

async function measureLoad(browser: Browser, url: string): Promise<PageLoad> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: INIT });
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    if (config.throttle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: config.throttle });
    let bytes = 0;
    let requests = 0;
    let counting = true;
    cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
      if (!counting) return;
      bytes += e.encodedDataLength;
      requests++;
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(config.interactAfterMs);
    counting = false;
    const tasks = (await page.evaluate('window.__bench.longTasks')) as { start: number; duration: number }[];
    const frames = (await page.evaluate('window.__bench.frames')) as LongFrame[] | null;
    const loadEventMs = (await page.evaluate("performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? 0")) as number;
    return {
      longTasks: tasks.length,
      longTaskMs: tasks.reduce((s, t) => s + t.duration, 0),
      blockingMs: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0),
      ...widgetShare(frames),
      bytes,
      requests,
      loadEventMs,
    };
  } finally {
    await context.close();
  }
}

async function measurePanel(browser: Browser, url: string): Promise<PanelTiming> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript({ content: INIT });
    await page.goto(url, { waitUntil: 'load' });
    const launcher = page.locator('[data-testid="parley-launcher"]');
    await launcher.waitFor({ timeout: 10_000 });
    await page.waitForTimeout(config.interactAfterMs);
    const appLoadedBeforeClick = (await page.evaluate("performance.getEntriesByType('resource').some((r) => /\\/widget\\/app-[^/]*\\.js/.test(r.name))")) as boolean;
    // Arm the watcher in the page, then click; it records times as the state appears.
    await page.evaluate(ARM_PANEL_WATCH);
    await launcher.click();
    const timing = (await page.evaluate('window.__panel')) as { panel: number | null; socket: number | null; usable: number | null };
    let inputWorks = false;
    if (timing.usable !== null) {
      await page.locator('[data-testid="parley-composer"]').fill('hello');
      inputWorks = await page.locator('[data-testid="parley-send"]').isEnabled();
    }
    return { usableMs: timing.usable, panelMs: timing.panel, socketMs: timing.socket, appLoadedBeforeClick, inputWorks };
  } finally {
    await context.close();
  }
}

async function main(): Promise<WidgetResult> {
  const sizesFile = join(config.widgetDist, 'sizes.json');
  if (!existsSync(sizesFile)) throw new Error(`${sizesFile} is missing: build the widget first (pnpm build)`);
  const raw = JSON.parse(readFileSync(sizesFile, 'utf8')) as { loaderGzip: number; totalGzip: number; allGzip: number; lazy: Record<string, number> };
  const sizes = { loaderGzip: raw.loaderGzip, openWidgetGzip: raw.totalGzip, allGzip: raw.allGzip, lazy: raw.lazy };
  if (!CHROMIUM) return { type: 'widget', sizes, browser: null, skipped: 'Chromium not found (set CHROMIUM_PATH or apt-get install -y chromium): browser figures skipped' };

  // An agent online, so the channel is open and the panel shows the composer.
  const agent = config.agentToken ? io(config.url + NAMESPACES.agent, { auth: { token: config.agentToken }, transports: ['websocket'], reconnection: false }) : null;
  if (agent) {
    await new Promise<void>((resolve, reject) => {
      agent.once('connect', () => resolve());
      agent.once('connect_error', reject);
    });
  }
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(hostPage(req.url?.startsWith('/with-widget') ?? false));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const without = `http://127.0.0.1:${port}/plain`;
  const withWidget = `http://127.0.0.1:${port}/with-widget`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  try {
    const loadsWithout: PageLoad[] = [];
    const loadsWith: PageLoad[] = [];
    const panel: PanelTiming[] = [];
    for (let r = 0; r < config.repetitions; r++) {
      loadsWithout.push(await measureLoad(browser, without));
      loadsWith.push(await measureLoad(browser, withWidget));
      panel.push(await measurePanel(browser, withWidget));
    }
    const diff = (key: keyof PageLoad) => {
      const a = median(loadsWith.map((l) => l[key]));
      const b = median(loadsWithout.map((l) => l[key]));
      return a === null || b === null ? null : a - b;
    };
    return {
      type: 'widget',
      sizes,
      browser: {
        chromium: browser.version(),
        throttle: config.throttle,
        interactAfterMs: config.interactAfterMs,
        without: loadsWithout,
        with: loadsWith,
        panel,
        median: {
          addedBlockingMs: diff('blockingMs'),
          addedLongTaskMs: diff('longTaskMs'),
          addedBytes: diff('bytes'),
          widgetBlockingMs: median(loadsWith.map((l) => l.widgetBlockingMs)),
          panelUsableMs: panel.some((p) => p.usableMs === null) ? null : median(panel.map((p) => p.usableMs)),
        },
      },
      skipped: null,
    };
  } finally {
    await browser.close();
    agent?.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const hardStop = setTimeout(() => {
  send({ type: 'error', message: 'widget scenario hard timeout' });
  process.exit(2);
}, 180_000);
hardStop.unref();

main()
  .then((result) => send(result))
  .catch((error: unknown) => {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
    process.exitCode = 1;
  })
  .finally(() => setTimeout(() => process.exit(), 200).unref());
