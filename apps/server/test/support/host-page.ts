/**
 * A site owner's page on another origin (127.0.0.2, while Parley listens on 127.0.0.1) that
 * embeds the widget with the snippet, for cross-origin browser tests.
 */
import { createServer, type Server } from 'node:http';

export interface HostPage {
  url: string;
  close(): Promise<void>;
}

export interface HostPageOptions {
  /** Markup for <head> (a hostile stylesheet, say). */
  head?: string;
  /** Script run before the snippet (the `window.Parley` stub and early calls). */
  before?: string;
  /** Extra attributes for the snippet's script tag. */
  attributes?: string;
  /** The same page without the snippet (a reference for layout checks). */
  withoutWidget?: boolean;
}

export async function serveHostPage(parleyUrl: string, siteKey: string, options: HostPageOptions = {}): Promise<HostPage> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Shop</title>${options.head ?? ''}</head>
<body><header id="top">A shop</header><main id="content"><h1>Products</h1><p>Prices and more.</p><button id="host-button">Buy</button></main>
${options.before ? `<script>${options.before}</script>` : ''}
${options.withoutWidget ? '' : `<script src="${parleyUrl}/widget.js" data-site-key="${siteKey}" ${options.attributes ?? ''} async></script>`}</body></html>`;
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.2:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
