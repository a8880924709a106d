import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, type IngestResult } from '../../pipeline/fetch/index.ts';
import { fileNameFor, parseRetryAfter } from '../../pipeline/fetch/http.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import type { DataDirs } from '../../pipeline/types.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { fakePdf, startServer, type TestServer } from './server.ts';

/** Small limits so every failure mode shows up in well under a second or two. */
const HTTP = { timeoutMs: 1_500, maxAttempts: 3, backoffBaseMs: 10, maxBytes: 64 * 1024 };

describe('fetching a batch of URLs, each with its own trouble', () => {
  let server: TestServer;
  let dirs: DataDirs;
  let results: Map<string, IngestResult>;
  const calls = new Map<string, number>();
  const count = (p: string) => {
    const n = (calls.get(p) ?? 0) + 1;
    calls.set(p, n);
    return n;
  };

  beforeAll(async () => {
    dirs = dataDirs(await mkdtemp(join(tmpdir(), 'juesuan-http-')));
    server = await startServer({
      '/ok.pdf': (_q, r) => void r.writeHead(200, { 'content-type': 'application/pdf', etag: '"a1"' }).end(fakePdf('ok')),
      '/missing.pdf': (_q, r) => void r.writeHead(404).end('not here'),
      '/flaky.pdf': (_q, r) =>
        void (count('flaky') === 1 ? r.writeHead(500).end() : r.writeHead(200, { 'content-type': 'application/pdf' }).end(fakePdf('flaky'))),
      '/busy.pdf': (_q, r) =>
        void (count('busy') === 1
          ? r.writeHead(429, { 'retry-after': '1' }).end()
          : r.writeHead(200, { 'content-type': 'application/pdf' }).end(fakePdf('busy'))),
      '/slow.pdf': (_q, r) => void setTimeout(() => r.writeHead(200).end(fakePdf('slow')), 3_000).unref(),
      '/moved': (_q, r) => void r.writeHead(302, { location: '/target/%E6%8A%A5%E5%91%8A.pdf' }).end(),
      '/target/报告.pdf': (_q, r) => void r.writeHead(200, { 'content-type': 'application/pdf' }).end(fakePdf('moved')),
      '/loop': (_q, r) => void r.writeHead(301, { location: '/loop' }).end(),
      '/to-ftp': (_q, r) => void r.writeHead(302, { location: 'ftp://127.0.0.1/x.pdf' }).end(),
      '/error-page.pdf': (_q, r) =>
        void r.writeHead(200, { 'content-type': 'application/pdf' }).end('<!DOCTYPE html><html><body>系统繁忙</body></html>'),
      '/truncated.pdf': (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/pdf', 'content-length': '10000' });
        r.write(fakePdf('cut', 100));
        setTimeout(() => r.destroy(), 20).unref();
      },
      '/huge.pdf': (_q, r) => {
        // Chunked, no Content-Length: only counting the streamed bytes can catch it.
        r.writeHead(200, { 'content-type': 'application/pdf' });
        r.write(fakePdf('huge', 40 * 1024));
        r.end(Buffer.alloc(40 * 1024, 0x20));
      },
      '/announced-huge.pdf': (_q, r) => {
        r.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(10 * 1024 * 1024) });
        r.write(fakePdf('big', 1024));
        setTimeout(() => r.destroy(), 20).unref();
      },
      '/page.html': (_q, r) => void r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><table><tr><td>1</td></tr></table></body></html>'),
    });
    const paths = [
      '/ok.pdf', '/missing.pdf', '/flaky.pdf', '/busy.pdf', '/slow.pdf', '/moved', '/loop', '/to-ftp',
      '/error-page.pdf', '/truncated.pdf', '/huge.pdf', '/announced-huge.pdf', '/page.html',
    ];
    const out = await ingest(paths.map((p) => server.base + p), { dirs, log: silentLogger, http: HTTP });
    results = new Map(out.map((r) => [new URL(r.source).pathname, r]));
  });

  afterAll(async () => {
    await server?.close();
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  const get = (p: string) => results.get(p)!;

  it('returns one result per source, in order, and stores each success in raw/ and staged/', async () => {
    expect(results.size).toBe(13);
    const ok = get('/ok.pdf');
    expect(ok.error).toBeUndefined();
    expect(ok.record).toMatchObject({ kind: 'pdf', file_name: 'ok.pdf', source_url: `${server.base}/ok.pdf` });
    expect(ok.http).toMatchObject({ status: 200, etag: '"a1"', attempts: 1 });
    expect((await stat(join(dirs.root, ok.record!.raw_path))).size).toBe(ok.record!.bytes);
    expect((await stat(join(dirs.staged, ok.record!.report_id, 'source.json'))).isFile()).toBe(true);
  });

  it('sends a descriptive User-Agent', () => {
    expect(server.hits('/ok.pdf')[0]!.headers['user-agent']).toMatch(/^juesuan\/\d+\.\d+\.\d+ \(\+open-data pipeline\)$/);
  });

  it('fails a 404 at once, as not retryable', () => {
    expect(get('/missing.pdf')).toMatchObject({ error: 'HTTP 404 Not Found', retryable: false });
    expect(server.hits('/missing.pdf')).toHaveLength(1);
  });

  it('retries a 500 and succeeds', () => {
    expect(get('/flaky.pdf').record?.kind).toBe('pdf');
    expect(get('/flaky.pdf').http?.attempts).toBe(2);
  });

  it('honours Retry-After on a 429', () => {
    const r = get('/busy.pdf');
    expect(r.record?.kind).toBe('pdf');
    const [first, second] = server.hits('/busy.pdf');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up on a server slower than the timeout, as retryable', () => {
    const r = get('/slow.pdf');
    expect(r.record).toBeUndefined();
    expect(r.error).toMatch(/^timed out \(no response for 1.5 s\)/);
    expect(r.retryable).toBe(true);
    expect(server.hits('/slow.pdf')).toHaveLength(HTTP.maxAttempts);
  });

  it('follows a redirect and names the file after the target', () => {
    const r = get('/moved');
    expect(r.record).toMatchObject({ kind: 'pdf', file_name: '报告.pdf', source_url: `${server.base}/moved` });
    expect(r.http?.final_url).toBe(`${server.base}/target/%E6%8A%A5%E5%91%8A.pdf`);
  });

  it('stops after 5 redirects and refuses a redirect to another scheme', () => {
    expect(get('/loop')).toMatchObject({ error: 'too many redirects (more than 5)', retryable: false });
    expect(server.hits('/loop')).toHaveLength(6);
    expect(get('/to-ftp').error).toMatch(/only http and https are fetched, not ftp:/);
  });

  it('rejects an HTML page served as application/pdf', () => {
    expect(get('/error-page.pdf').error).toMatch(/^server returned an HTML page, not a PDF/);
    expect(get('/error-page.pdf').retryable).toBe(false);
  });

  it('fails a body shorter than its Content-Length as a truncated download, after retries', () => {
    // How many of the 100 sent bytes arrive before the reset depends on scheduling (a loaded
    // machine can see the reset first): the finding is the same either way.
    expect(get('/truncated.pdf')).toMatchObject({ error: expect.stringMatching(/^truncated download: got (0|100) of 10000 bytes$/), retryable: true });
    expect(server.hits('/truncated.pdf')).toHaveLength(HTTP.maxAttempts);
  });

  it('fails bodies over the size cap, counted or announced, without retrying', () => {
    expect(get('/huge.pdf')).toMatchObject({ error: `too large: more than ${HTTP.maxBytes} bytes`, retryable: false });
    expect(get('/announced-huge.pdf').error).toMatch(/^too large: 10485760 bytes announced/);
    expect(server.hits('/huge.pdf')).toHaveLength(1);
  });

  it('takes an HTML page served as HTML as an HTML source', () => {
    expect(get('/page.html').record?.kind).toBe('html');
  });

  it('leaves no partial files behind', async () => {
    expect(await readdir(join(dirs.raw, '.partial'))).toEqual([]);
    const raw = (await readdir(dirs.raw)).filter((n) => !n.startsWith('.'));
    expect(raw.every((n) => /^[0-9a-f]{64}\.(pdf|html)$/.test(n))).toBe(true);
    expect(raw).toHaveLength(5);
  });
});

describe('concurrency', () => {
  it('keeps at most perHost requests to one host and at most concurrency overall in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = await startServer({
      '/r.pdf': (_q, r) => {
        peak = Math.max(peak, ++inFlight);
        setTimeout(() => {
          inFlight--;
          r.writeHead(200, { 'content-type': 'application/pdf' }).end(fakePdf(String(Math.random())));
        }, 80).unref();
      },
    });
    const dirs = dataDirs(await mkdtemp(join(tmpdir(), 'juesuan-conc-')));
    try {
      const urls = (n: number) => Array.from({ length: n }, (_, i) => `${server.base}/r.pdf?i=${i}`);
      await ingest(urls(6), { dirs, log: silentLogger, http: { perHost: 2 } });
      expect(peak).toBe(2);
      peak = 0;
      const res = await ingest(urls(8), { dirs, log: silentLogger, http: { perHost: 10, concurrency: 3 } });
      expect(peak).toBe(3);
      expect(res.every((r) => r.record)).toBe(true);
    } finally {
      await server.close();
      await rm(dirs.root, { recursive: true, force: true });
    }
  });
});

describe('connection trouble', () => {
  it('retries a refused connection and reports it as retryable', async () => {
    const gone = await startServer({});
    const url = `${gone.base}/a.pdf`;
    await gone.close();
    const dirs = dataDirs(await mkdtemp(join(tmpdir(), 'juesuan-refused-')));
    try {
      const [r] = await ingest([url], { dirs, log: silentLogger, http: { maxAttempts: 2, backoffBaseMs: 5 } });
      expect(r).toMatchObject({ retryable: true, http: { status: null, attempts: 2 } });
      expect(r!.error).toMatch(/^network error: .*ECONNREFUSED/);
    } finally {
      await rm(dirs.root, { recursive: true, force: true });
    }
  });
});

describe('header helpers', () => {
  it('reads Retry-After as seconds or as an HTTP-date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('names the file from Content-Disposition, else the URL', () => {
    expect(fileNameFor(`attachment; filename*=UTF-8''%E5%86%B3%E7%AE%97.pdf`, 'http://x/d?id=1')).toBe('决算.pdf');
    expect(fileNameFor('attachment; filename="a b.pdf"', 'http://x/d')).toBe('a b.pdf');
    expect(fileNameFor('attachment; filename="../../etc/passwd"', 'http://x/d')).toBe('passwd');
    expect(fileNameFor(null, 'http://x/dir/%E6%8A%A5.pdf')).toBe('报.pdf');
    expect(fileNameFor(null, 'http://x.gov.cn/')).toBe('x.gov.cn');
  });
});
