/** The small page the redirect endpoint shows when no portal path was given: the outcome, in plain words. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

/** An HTML page with the outcome of a sign-in (the message never holds a code, token or secret). */
export function outcomePage(ok: boolean, message: string): string {
  const title = ok ? 'Connected' : 'Sign-in failed';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} — Portico</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#1f2328}
h1{font-size:1.4rem}.ok{color:#1a7f37}.failed{color:#cf222e}</style></head>
<body><h1 class="${ok ? 'ok' : 'failed'}">${title}</h1><p>${escapeHtml(message)}</p></body></html>
`;
}

/** Where the browser goes when the sign-in named a portal path: the path with the outcome in the query. */
export function returnLocation(returnTo: string, connectionId: string | undefined, ok: boolean): string {
  const url = new URL(returnTo, 'http://portico.invalid');
  if (connectionId) url.searchParams.set('connection', connectionId);
  url.searchParams.set('status', ok ? 'connected' : 'error');
  return `${url.pathname}${url.search}`;
}
