import type { ServerResponse } from 'node:http';
import { posix } from 'node:path';

/**
 * The parts of Go's net/http (go 1.24, `go.mod@v0.9.0`) that shape what OpenChoreo's cluster
 * gateway answers before and around its own code: error bodies and the ServeMux's path handling.
 */

/**
 * `http.Error`: the message as plain text plus a newline, never JSON. Every error the real gateway
 * writes itself goes through it (`internal/cluster-gateway/server.go@v0.9.0:390,406,460,515`).
 */
export function goHttpError(
  res: ServerResponse,
  code: number,
  message: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = `${message}\n`;
  res.writeHead(code, {
    ...extraHeaders,
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** `http.NotFound`: what the mux answers for a path no handler is registered for. */
export function goNotFound(res: ServerResponse): void {
  goHttpError(res, 404, '404 page not found');
}

/**
 * `cleanPath` of net/http's ServeMux: `path.Clean` that keeps a trailing slash. The mux applies it
 * to the escaped path, so `%2e%2e` and `%2F` are left alone and reach the handler decoded.
 */
export function goCleanPath(escapedPath: string): string {
  // posix.normalize already keeps a trailing slash and collapses a leading `//`, like cleanPath.
  return posix.normalize(
    escapedPath.startsWith('/') ? escapedPath : `/${escapedPath}`,
  );
}

/**
 * `http.Redirect(w, r, url, 301)`, as the mux sends for an unclean path (`//`, `.`/`..` segments)
 * or a subtree root without its slash, before any handler runs. The gateway's clients (the
 * backend, client-node) do not follow it, so such a path never reaches a build plane.
 */
export function goRedirect(
  res: ServerResponse,
  method: string | undefined,
  location: string,
): void {
  const headers: Record<string, string> = { Location: location };
  if (method === 'GET' || method === 'HEAD')
    headers['Content-Type'] = 'text/html; charset=utf-8';
  const body =
    method === 'GET'
      ? `<a href="${location
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;')
          .replace(/"/g, '&#34;')}">Moved Permanently</a>.\n\n`
      : '';
  res.writeHead(301, { ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/**
 * `r.URL.Path`: the request path percent-decoded, or undefined when Go's URL parser would refuse
 * it (the server then answers 400 before any handler).
 */
export function goDecodedPath(escapedPath: string): string | undefined {
  try {
    return decodeURIComponent(escapedPath);
  } catch {
    return undefined;
  }
}
