/** A small host page that embeds the widget exactly as a site owner would. */
const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderDemoPage({ baseUrl, siteKey }: { baseUrl: string; siteKey: string }): string {
  const snippet = `<script src="${baseUrl}/widget.js" data-site-key="${siteKey}" async></script>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley demo shop</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1f2937; background: #f9fafb; }
  header { background: #111827; color: #fff; padding: 1rem 2rem; }
  main { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  pre { background: #fff; border: 1px solid #e5e7eb; padding: 1rem; overflow-x: auto; border-radius: 6px; }
  a { color: #2563eb; }
</style>
</head>
<body>
<header><strong>Demo Shop</strong> — a page that embeds Parley</header>
<main>
  <h1>Welcome to the demo shop</h1>
  <p>This page stands in for a site owner's website. The chat button in the corner is the Parley widget,
  added with one script tag:</p>
  <pre>${escapeHtml(snippet)}</pre>
  <p>Open the chat and send a message, then answer it from the <a href="${escapeHtml(baseUrl)}/console/">agent console</a>.</p>
</main>
${snippet}
</body>
</html>
`;
}

/** The hosted chat page: the widget in page mode, filling the window. */
export function renderChatPage({ baseUrl, siteKey, siteName }: { baseUrl: string; siteKey: string; siteName: string }): string {
  return `<!doctype html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(siteName)} — chat</title>
<style>html, body { margin: 0; height: 100%; background: #f3f4f6; }</style>
</head>
<body>
<script src="${escapeHtml(baseUrl)}/widget.js" data-site-key="${escapeHtml(siteKey)}" data-mode="page" async></script>
</body>
</html>
`;
}
