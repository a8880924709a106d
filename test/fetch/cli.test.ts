import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fetchCommand } from '../../pipeline/cli/fetch.ts';
import { openDb, queryRows } from '../../pipeline/load/db.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import { silentLogger, type Logger } from '../../pipeline/util/log.ts';
import { fakePdf, startServer, type TestServer } from './server.ts';

/** Run the command with stdout and errors captured. */
async function runFetch(args: string[], flags: Parameters<typeof fetchCommand>[1]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const log: Logger = { ...silentLogger, error: (m) => errors.push(m) };
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (lines.push(String(chunk).trimEnd()), true));
  try {
    return { code: await fetchCommand(args, flags, log), lines, errors };
  } finally {
    spy.mockRestore();
  }
}

describe('juesuan fetch', () => {
  let server: TestServer;
  let root: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'juesuan-cli-fetch-'));
    server = await startServer({
      '/a.pdf': (q, r) =>
        void (q.headers['if-none-match'] === '"a"'
          ? r.writeHead(304).end()
          : r.writeHead(200, { 'content-type': 'application/pdf', etag: '"a"' }).end(fakePdf('a'))),
      '/b.pdf': (_q, r) => void r.writeHead(404).end(),
    });
    await writeFile(join(root, 'local.pdf'), fakePdf('local'));
    await writeFile(
      join(root, 'manifest.csv'),
      `url,fiscal_year\n${server.base}/a.pdf,2024\n${server.base}/b.pdf,\nlocal.pdf,2023\n`,
    );
  });

  afterAll(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  it('fetches a manifest, prints one line per source and exits 3 when one failed', async () => {
    const flags = { manifest: join(root, 'manifest.csv'), dataDir: join(root, 'data'), fetchRetries: 0 };
    const first = await runFetch([], flags);
    expect(first.code).toBe(3);
    expect(first.lines[0]).toMatch(new RegExp(`^downloaded  [0-9a-f]{16}  ${server.base}/a\\.pdf$`));
    expect(first.lines[1]).toMatch(/^failed .*\/b\.pdf: HTTP 404 Not Found$/);
    expect(first.lines[2]).toMatch(/^local .*local\.pdf$/);
    expect(first.lines.at(-1)).toBe('3 source(s): 1 downloaded, 0 unchanged, 1 local, 1 failed (0 may succeed later)');
    // Manifest hints reach source.json for URLs and for paths relative to the manifest alike.
    const hintsOf = async (line: string) => {
      const id = line.split(/\s+/)[1]!;
      return JSON.parse(await readFile(join(root, 'data/staged', id, 'source.json'), 'utf8')).hints;
    };
    expect(await hintsOf(first.lines[0]!)).toEqual({ fiscal_year: '2024' });
    expect(await hintsOf(first.lines[2]!)).toEqual({ fiscal_year: '2023' });

    const second = await runFetch([`${server.base}/a.pdf`], { dataDir: join(root, 'data') });
    expect(second.code).toBe(0);
    expect(second.lines[0]).toMatch(/^unchanged/);

    const db = await openDb(dataDirs(join(root, 'data')));
    try {
      const rows = await queryRows(db.conn, 'SELECT url, outcome FROM fetch_log ORDER BY fetched_at, rowid');
      expect(rows.map((r) => [new URL(String(r.url)).pathname, r.outcome])).toEqual([
        ['/a.pdf', 'downloaded'], ['/b.pdf', 'failed'], ['/a.pdf', 'not_modified'],
      ]);
    } finally {
      db.close();
    }
  });

  it('is a usage error (exit 2) without sources, or with a bad manifest', async () => {
    expect((await runFetch([], { dataDir: join(root, 'data') })).code).toBe(2);
    await writeFile(join(root, 'bad.csv'), 'url,fiscal_year\nhttps://x.cn/a.pdf,twenty\n');
    const bad = await runFetch([], { manifest: join(root, 'bad.csv'), dataDir: join(root, 'data') });
    expect(bad.code).toBe(2);
    expect(bad.errors[0]).toContain('bad.csv:2 (fiscal_year)');
  });
});
