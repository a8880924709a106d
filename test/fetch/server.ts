/**
 * A local HTTP server for the fetch tests: 127.0.0.1, port 0, bounded in requests and lifetime,
 * recording every request it saw. Routes are plain node:http handlers keyed by path.
 */
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Far more than any test sends; past it the server answers 503 so a retry loop cannot run away. */
const MAX_REQUESTS = 200;
/** The server shuts itself down after this, whatever the test does. */
const MAX_LIFETIME_MS = 60_000;

export interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface TestServer {
  base: string;
  seen: Seen[];
  hits(path: string): Seen[];
  close(): Promise<void>;
}

export async function startServer(routes: Record<string, RequestListener>): Promise<TestServer> {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]!);
    seen.push({ path, headers: req.headers, at: Date.now() });
    const route = routes[path];
    if (seen.length > MAX_REQUESTS || !route) {
      res.writeHead(seen.length > MAX_REQUESTS ? 503 : 404).end();
      return;
    }
    route(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const lifetime = setTimeout(() => void close(), MAX_LIFETIME_MS).unref();
  const close = () =>
    new Promise<void>((ok) => {
      clearTimeout(lifetime);
      server.closeAllConnections();
      server.close(() => ok());
    });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    hits: (path) => seen.filter((s) => s.path === path),
    close,
  };
}

/** Bytes that sniff as a PDF; `tag` makes each distinct, so each gets its own report id. */
export function fakePdf(tag: string, size = 4096): Buffer {
  const head = Buffer.from(`%PDF-1.7\n% ${tag}\n`);
  return Buffer.concat([head, Buffer.alloc(Math.max(0, size - head.length), 0x20)]);
}
