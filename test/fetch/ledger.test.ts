import { mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duckLedger, ingest, lastFetch } from '../../pipeline/fetch/index.ts';
import { openDb, queryRows, type Db } from '../../pipeline/load/db.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import type { DataDirs } from '../../pipeline/types.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { fakePdf, startServer, type TestServer } from './server.ts';

const HTTP = { timeoutMs: 2_000, maxAttempts: 2, backoffBaseMs: 10 };
const ETAG = '"v1"';
const LAST_MODIFIED = 'Mon, 02 Jun 2025 08:00:00 GMT';

describe('the fetch ledger and conditional requests', () => {
  let server: TestServer;
  let dirs: DataDirs;
  let db: Db;

  beforeAll(async () => {
    dirs = dataDirs(await mkdtemp(join(tmpdir(), 'juesuan-ledger-')));
    db = await openDb(dirs);
    server = await startServer({
      '/report.pdf': (q, r) => {
        if (q.headers['if-none-match'] === ETAG) return void r.writeHead(304, { etag: ETAG }).end();
        r.writeHead(200, { 'content-type': 'application/pdf', etag: ETAG, 'last-modified': LAST_MODIFIED }).end(fakePdf('report'));
      },
      '/dated.pdf': (q, r) => {
        if (q.headers['if-modified-since'] === LAST_MODIFIED) return void r.writeHead(304).end();
        r.writeHead(200, { 'content-type': 'application/pdf', 'last-modified': LAST_MODIFIED }).end(fakePdf('dated'));
      },
      '/gone.pdf': (_q, r) => void r.writeHead(410).end(),
    });
  });

  afterAll(async () => {
    await server?.close();
    db?.close();
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  const fetchAll = async (urls: string[], runId: string) => {
    const ledger = duckLedger(db.conn, runId);
    await ledger.ready;
    return ingest(urls, { dirs, log: silentLogger, http: HTTP, ledger, hints: new Map([[urls[0]!, { fiscal_year: '2024' }]]) });
  };

  it('downloads, then asks conditionally and does not download an unchanged report again', async () => {
    const url = `${server.base}/report.pdf`;
    const [first] = await fetchAll([url], 'run-1');
    expect(first!.record?.hints).toEqual({ fiscal_year: '2024' });
    const rawPath = join(dirs.root, first!.record!.raw_path);
    const before = await stat(rawPath);

    const [second] = await fetchAll([url], 'run-2');
    const hits = server.hits('/report.pdf');
    expect(hits).toHaveLength(2);
    expect(hits[0]!.headers['if-none-match']).toBeUndefined();
    expect(hits[1]!.headers['if-none-match']).toBe(ETAG);
    expect(hits[1]!.headers['if-modified-since']).toBe(LAST_MODIFIED);
    expect(second).toMatchObject({ unchanged: true, http: { status: 304, etag: ETAG } });
    expect(second!.record).toEqual(first!.record);
    const after = await stat(rawPath);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(after.ino).toBe(before.ino);

    const rows = await queryRows(db.conn, `SELECT outcome, http_status, etag, report_id, bytes::INTEGER AS bytes, run_id FROM fetch_log WHERE url = $1 ORDER BY fetched_at`, [url]);
    expect(rows).toEqual([
      { outcome: 'downloaded', http_status: 200, etag: ETAG, report_id: first!.record!.report_id, bytes: first!.record!.bytes, run_id: 'run-1' },
      { outcome: 'not_modified', http_status: 304, etag: ETAG, report_id: first!.record!.report_id, bytes: 0, run_id: 'run-2' },
    ]);
  });

  it('uses Last-Modified when there is no ETag', async () => {
    const url = `${server.base}/dated.pdf`;
    await fetchAll([url], 'run-3');
    const [again] = await fetchAll([url], 'run-4');
    expect(server.hits('/dated.pdf')[1]!.headers['if-modified-since']).toBe(LAST_MODIFIED);
    expect(again!.unchanged).toBe(true);
    expect((await lastFetch(db.conn, url))?.outcome).toBe('not_modified');
  });

  it('downloads in full again when the stored bytes are gone', async () => {
    const url = `${server.base}/report.pdf`;
    const prev = await lastFetch(db.conn, url);
    const [r] = await fetchAll([url], 'run-5');
    await unlink(join(dirs.root, r!.record!.raw_path));
    const [again] = await fetchAll([url], 'run-6');
    const hits = server.hits('/report.pdf');
    expect(hits.at(-1)!.headers['if-none-match']).toBeUndefined();
    expect(again).toMatchObject({ http: { status: 200 }, unchanged: true });
    expect(again!.record!.report_id).toBe(prev!.report_id);
    expect((await stat(join(dirs.root, again!.record!.raw_path))).isFile()).toBe(true);
  });

  it('records failures with whether they can be retried, and keeps the last good validators', async () => {
    const url = `${server.base}/gone.pdf`;
    const [r] = await fetchAll([url], 'run-7');
    expect(r).toMatchObject({ error: 'HTTP 410 Gone', retryable: false });
    const rows = await queryRows(db.conn, `SELECT outcome, http_status, error, retryable, attempts FROM fetch_log WHERE url = $1`, [url]);
    expect(rows).toEqual([{ outcome: 'failed', http_status: 410, error: 'HTTP 410 Gone', retryable: false, attempts: 1 }]);
    expect(await lastFetch(db.conn, url)).toBeNull();
  });
});
