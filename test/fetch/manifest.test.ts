import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManifestError, manifestHints, parseManifest } from '../../pipeline/fetch/index.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/fetch');

describe('parseManifest', () => {
  it('reads CSV with a BOM, quoted commas and newlines, blank lines, and paths relative to the manifest', async () => {
    const rows = await parseManifest(join(FIXTURES, 'manifest.csv'));
    expect(rows).toEqual([
      {
        url: 'https://www.example.gov.cn/zwgk/2024%E5%B9%B4%E5%86%B3%E7%AE%97.pdf',
        department: '景德镇市医疗保障局',
        region: '江西省景德镇市',
        fiscal_year: 2024,
        report_kind: '决算',
        notes: 'first, with a comma',
        line: 2,
      },
      { url: join(FIXTURES, 'local/report.pdf'), line: 4 },
      { url: 'https://example.gov.cn/a.pdf', department: '聊城市医疗保障局', region: '山东省聊城市', fiscal_year: 2024, notes: 'two\nlines', line: 6 },
      { url: 'https://example.gov.cn/b.pdf', fiscal_year: 2023, report_kind: '预算', line: 7 },
    ]);
  });

  it('reads JSON Lines, numbers or strings for the year', async () => {
    const rows = await parseManifest(join(FIXTURES, 'manifest.jsonl'));
    expect(rows).toEqual([
      { url: 'https://www.example.gov.cn/a.pdf', department: '景德镇市医疗保障局', fiscal_year: 2024, report_kind: '决算', line: 1 },
      { url: '/data/reports/b.pdf', fiscal_year: 2023, notes: 'local copy', line: 3 },
    ]);
  });

  it('turns rows into hints keyed by url, leaving out rows without any', async () => {
    const hints = manifestHints(await parseManifest(join(FIXTURES, 'manifest.jsonl')));
    expect([...hints]).toEqual([
      ['https://www.example.gov.cn/a.pdf', { department: '景德镇市医疗保障局', fiscal_year: '2024', report_kind: '决算' }],
      ['/data/reports/b.pdf', { fiscal_year: '2023', notes: 'local copy' }],
    ]);
  });
});

describe('manifest errors name the file, line and field', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'juesuan-manifest-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: [string, string, string][] = [
    ['missing url', 'url,fiscal_year\n,2024\n', ':2 (url): missing url'],
    ['bad scheme', 'url\nftp://example.gov.cn/a.pdf\n', ':2 (url): unsupported scheme "ftp:"'],
    ['bad year', 'url,fiscal_year\nhttps://x.cn/a.pdf,2024\nhttps://x.cn/b.pdf,24\n', ':3 (fiscal_year): "24" is not a year'],
    ['year out of range', 'url,fiscal_year\nhttps://x.cn/a.pdf,1899\n', ':2 (fiscal_year): "1899" is not a year between 2000'],
    ['bad kind', 'url,report_kind\nhttps://x.cn/a.pdf,年报\n', ':2 (report_kind): "年报" is neither 决算 nor 预算'],
    ['unknown column', 'url,departmnet\nhttps://x.cn/a.pdf,x\n', ':1 (departmnet): unknown field'],
    ['no url column', 'department\nx\n', ':1 (url): the header row has no "url" column'],
    ['ragged row', 'url,department\nhttps://x.cn/a.pdf,x,y\n', ':2: not valid CSV'],
    ['duplicate', 'url\nhttps://x.cn/a.pdf\nhttps://x.cn/a.pdf\n', ':3 (url): listed twice (first on line 2)'],
    ['empty', '', ': the manifest is empty'],
  ];
  it.each(cases)('CSV: %s', async (_name, text, expected) => {
    const file = join(dir, 'm.csv');
    await writeFile(file, text);
    const err = await parseManifest(file).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ManifestError);
    expect((err as Error).message).toContain(file + expected);
  });

  const jsonCases: [string, string, string][] = [
    ['bad JSON', '{"url": "https://x.cn/a.pdf"}\n{"url": \n', ':2: not valid JSON'],
    ['not an object', '{"url": "https://x.cn/a.pdf"}\n["https://x.cn/b.pdf"]\n', ':2: each line must be a JSON object'],
    ['bad year', '{"url": "https://x.cn/a.pdf", "fiscal_year": "2024年"}\n', ':1 (fiscal_year)'],
    ['javascript: url', '{"url": "javascript://alert(1)"}\n', ':1 (url): unsupported scheme'],
    ['url not a string', '{"url": {"href": "x"}}\n', ':1 (url): must be a string'],
  ];
  it.each(jsonCases)('JSON Lines: %s', async (_name, text, expected) => {
    const file = join(dir, 'm.jsonl');
    await writeFile(file, text);
    const err = await parseManifest(file).catch((e: unknown) => e);
    expect((err as Error).message).toContain(file + expected);
  });

  it('names a missing manifest', async () => {
    await expect(parseManifest(join(dir, 'nope.csv'))).rejects.toThrow(`${join(dir, 'nope.csv')}: no such file`);
  });
});
