/**
 * Issue 13, item 8, the smaller cases: a GBK manifest, the same bytes from two URLs, a newline
 * in a file name, comments on fetch_log/pipeline_meta, quality logs found by department and
 * year. (SIGTERM: signals.test.ts; .tmp releases, --previous, department scope:
 * release-publish.test.ts and exit-codes.test.ts; deep nesting: boundary.test.ts.)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, resolveSources } from '../../pipeline/fetch/index.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { fakePdf, startServer, type TestServer } from '../fetch/server.ts';
import { queryDb, removeTemps, tempDir } from '../helpers/cli.ts';
import { readCsv } from '../helpers/score.ts';
import { cli, writeReport } from './helpers.ts';

afterAll(removeTemps);

describe('manifests', () => {
  it('reads a GBK manifest as GBK (hints were U+FFFD)', async () => {
    const dir = tempDir('juesuan-small-');
    writeReport(dir, 'a.txt');
    const text = 'url,department,region\na.txt,聊城市医疗保障局,山东省聊城市\n';
    writeFileSync(join(dir, 'm.csv'), gbk(text));
    const { hints } = await resolveSources([], join(dir, 'm.csv'));
    expect([...hints.values()]).toEqual([{ department: '聊城市医疗保障局', region: '山东省聊城市' }]);
  });
});

/** GBK bytes of a string (Node has no GBK encoder; the few characters used here are mapped by hand). */
function gbk(s: string): Uint8Array {
  const decoder = new TextDecoder('gbk');
  const out: number[] = [];
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    const code = GBK_CACHE.get(ch) ?? findGbk(ch, decoder);
    out.push(code >> 8, code & 0xff);
  }
  return new Uint8Array(out);
}
const GBK_CACHE = new Map<string, number>();
function findGbk(ch: string, decoder: TextDecoder): number {
  for (let hi = 0x81; hi <= 0xfe; hi++) {
    for (let lo = 0x40; lo <= 0xfe; lo++) {
      const c = decoder.decode(new Uint8Array([hi, lo]));
      if (!GBK_CACHE.has(c)) GBK_CACHE.set(c, (hi << 8) | lo);
    }
    if (GBK_CACHE.has(ch)) return GBK_CACHE.get(ch)!;
  }
  throw new Error(`no GBK code for ${ch}`);
}

describe('the same bytes from two URLs', () => {
  let server: TestServer;
  let slow = '/a.pdf';
  beforeAll(async () => {
    const serve = (path: string) => async (_q: unknown, r: import('node:http').ServerResponse) => {
      if (path === slow) await sleep(150);
      r.writeHead(200, { 'content-type': 'application/pdf' }).end(fakePdf('same'));
    };
    server = await startServer({ '/a.pdf': serve('/a.pdf'), '/b.pdf': serve('/b.pdf') });
  });
  afterAll(() => server?.close());

  it('get the URL and hints of the first one listed, whichever download finishes last', async () => {
    const dir = tempDir('juesuan-small-');
    const dirs = dataDirs(dir);
    const [a, b] = [`${server.base}/a.pdf`, `${server.base}/b.pdf`];
    const hints = new Map([[a, { department: 'A' }], [b, { department: 'B' }]]);
    const seen: string[] = [];
    for (const s of ['/a.pdf', '/b.pdf']) {
      slow = s;
      const results = await ingest([a, b], { dirs, log: silentLogger, hints });
      const id = results[0]!.record!.report_id;
      const stored = JSON.parse(readFileSync(join(dir, 'staged', id, 'source.json'), 'utf8'));
      seen.push(`${stored.source_url} ${stored.hints.department}`);
      expect(results.map((r) => r.record!.source_url)).toEqual([a, a]);
    }
    expect(seen).toEqual([`${a} A`, `${a} A`]);
  });
});

describe('one run, looked at closely', () => {
  let dir: string;
  let run: Awaited<ReturnType<typeof cli>>;
  beforeAll(async () => {
    dir = tempDir('juesuan-small-');
    writeReport(dir, 'x\nerror: forged line.txt', { income: '5.00' });
    writeReport(dir, 'b.txt', { department: '聊城市医疗保障局（本级）', year: 2023 });
    run = await cli(['run', dir, '--data-dir', join(dir, 'data')]);
  });

  it('a newline in a file name cannot forge a log line', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('forged line.txt');
    expect(run.stderr).not.toMatch(/^error: forged/m);
  });

  it('comments every column of fetch_log and pipeline_meta', async () => {
    const rows = await queryDb(join(dir, 'data'), `SELECT table_name, column_name, comment FROM duckdb_columns() WHERE table_name IN ('fetch_log', 'pipeline_meta')`);
    expect(rows.length).toBe(15);
    expect(rows.filter((r) => !r.comment)).toEqual([]);
  });

  it('indexes the quality logs by department and year', () => {
    const index = readCsv(join(dir, 'data/output/quality/index.csv'));
    const b = index.find((r) => r.department === '聊城市医疗保障局')!;
    expect(b).toMatchObject({ fiscal_year: '2023', scope: '本级' });
    expect(readFileSync(join(dir, 'data/output/quality', b.md!), 'utf8')).toContain('# Data quality');
    expect(readFileSync(join(dir, 'data/output/quality/index.md'), 'utf8')).toContain(`| 聊城市医疗保障局 | 2023 | 决算 | 本级 |`);
  });
});
