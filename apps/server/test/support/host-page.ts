/**
 * A site owner's page on another origin (127.0.0.2, while Parley listens on 127.0.0.1) that
 * embeds the widget with the snippet, for cross-origin browser tests.
 */
import { createServer, type Server } from 'node:http';

export interface HostPage {
  url: string;
  close(): Promise<void>;
}

export async function serveHostPage(parleyUrl: string, siteKey: string, extraHead = ''): Promise<HostPage> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>${extraHead}</head>
<body><h1>A shop</h1><p>Products and prices.</p>
<script src="${parleyUrl}/widget.js" data-site-key="${siteKey}" async></script></body></html>`;
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
