import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, resolveSources } from '../../pipeline/fetch/index.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { fakePdf } from './server.ts';

describe('local sources from a manifest', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'juesuan-local-'));
    await mkdir(join(root, 'reports/2024'), { recursive: true });
    await writeFile(join(root, 'reports/2024/a.pdf'), fakePdf('a'));
    await writeFile(join(root, 'reports/2024/b.pdf'), fakePdf('b'));
    await writeFile(join(root, 'reports/2024/readme.docx'), 'ignored');
    await writeFile(join(root, 'reports/2024/bad.pdf'), Buffer.from([0, 1, 2, 3, 4, 5, 6, 7, 8]));
    await writeFile(
      join(root, 'manifest.jsonl'),
      [
        { url: 'reports/2024', fiscal_year: 2024 },
        { url: 'reports/2024/b.pdf', department: '某某局' },
        { url: 'reports/missing.pdf' },
      ].map((o) => JSON.stringify(o)).join('\n'),
    );
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("expands folders once, gives their files the folder's hints, keeps order, and fails missing or unusable files", async () => {
    const { sources, hints } = await resolveSources([], join(root, 'manifest.jsonl'));
    const dirs = dataDirs(join(root, 'data'));
    const results = await ingest(sources, { dirs, log: silentLogger, hints });
    expect(results.map((r) => [r.source.slice(root.length), r.record?.hints ?? r.error])).toEqual([
      ['/reports/2024/a.pdf', { fiscal_year: '2024' }],
      ['/reports/2024/b.pdf', { department: '某某局' }],
      ['/reports/2024/bad.pdf', 'not a PDF, HTML or text file (binary content without a %PDF- header)'],
      ['/reports/missing.pdf', `cannot read ${root}/reports/missing.pdf: no such file`],
    ]);
    expect(results.filter((r) => r.error).every((r) => r.retryable === false)).toBe(true);
    const a = results[0]!.record!;
    expect(JSON.parse(await readFile(join(dirs.staged, a.report_id, 'source.json'), 'utf8'))).toEqual(a);
  });
});
