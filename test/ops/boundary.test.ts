/**
 * Issue 13, items 1–3: one report's bad luck stays with that report. A value DuckDB cannot hold
 * or a full disk during its load fails that report (with the message) and the batch goes on
 * to export and the runs row; quality files are part of the load; a failed reprocess keeps
 * the last good version and notes the failure in reports.last_error.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirs } from '../../pipeline/paths.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { outputCsv, queryDb, removeTemps, tempDir } from '../helpers/cli.ts';
import { deepNestingPdf, reportIdOf, writeReport } from './helpers.ts';

afterAll(removeTemps);

const run = (dir: string, sources: string[], force = false) =>
  runPipeline({ sources, dirs: dataDirs(dir), log: silentLogger, concurrency: 1, force });

describe('one failure boundary per report (item 1)', () => {
  it('a DECIMAL overflow fails only its report: the others load, export and runs row are written', async () => {
    const dir = tempDir('juesuan-ops-');
    // 99999999999999999.99 万元 is 10^21 元: more than DECIMAL(20,2) holds. Before: the run exited 1, nothing loaded.
    const huge = writeReport(dir, 'huge.txt', { income: '99999999999999999.99' });
    const good = writeReport(dir, 'good.txt', { department: '聊城市医疗保障局' });
    // Item 7: a deep-nesting PDF was "unexpected error: Maximum call stack size exceeded" with a stack.
    const deep = join(dir, 'deep.pdf');
    writeFileSync(deep, deepNestingPdf());
    const errors: string[] = [];
    const summary = await runPipeline({ sources: [huge, deep, good], dirs: dataDirs(dir), log: { ...silentLogger, error: (m) => errors.push(m) }, concurrency: 1 });
    const byFile = (f: string) => summary.outcomes.find((o) => o.source === join(dir, f))!;
    expect(byFile('huge.txt')).toMatchObject({ status: 'failed', message: expect.stringMatching(/does not fit the database column/) });
    expect(byFile('deep.pdf')).toMatchObject({ status: 'failed', message: expect.stringMatching(/^the document is nested too deeply to read/) });
    expect(errors.join('\n')).not.toMatch(/\n\s+at /);
    expect(byFile('good.txt').status).not.toBe('failed');
    expect(outputCsv(dir, 'reports').map((r) => [r.file_name, r.status]).sort()).toEqual([['deep.pdf', 'failed'], ['good.txt', 'partial'], ['huge.txt', 'failed']]);
    const runs = await queryDb(dir, 'SELECT status, n_failed FROM runs');
    expect(runs).toEqual([{ status: 'finished_with_failures', n_failed: 2 }]);
  });

  it('ENOSPC while loading fails that report with the path named, and the batch goes on', async () => {
    const dir = tempDir('juesuan-ops-');
    const full = writeReport(dir, 'full.txt', { income: '1.00' });
    const good = writeReport(dir, 'good.txt');
    // The load stages rows in staged/<id>/.load/facts.ndjson: make that file /dev/full (always ENOSPC).
    const load = join(dir, 'staged', reportIdOf(full), '.load');
    mkdirSync(load, { recursive: true });
    symlinkSync('/dev/full', join(load, 'facts.ndjson'));
    const summary = await run(dir, [full, good]);
    const failed = summary.outcomes.find((o) => o.source === full)!;
    expect(failed.status).toBe('failed');
    expect(failed.message).toContain('no space left on the device');
    expect(failed.message).toContain(join(load, 'facts.ndjson'));
    expect(summary.outcomes.find((o) => o.source === good)!.status).toBe('partial');
    expect(existsSync(join(dir, 'output/csv/facts.csv'))).toBe(true);
  });
});

describe('load and quality files are one unit of work (item 2)', () => {
  it('a write error on the quality file leaves the report not done, and the next run repairs it', async () => {
    const dir = tempDir('juesuan-ops-');
    const src = writeReport(dir, 'a.txt');
    await run(dir, [src]);
    const id = reportIdOf(src);
    const md = join(dir, 'output/quality', `${id}.md`);
    // Before: files were written after the commit; a failure there left a loaded report without
    // its log that reruns skipped as unchanged. Now: a folder in the way fails the write…
    rmSync(md);
    mkdirSync(join(md, 'blocker'), { recursive: true });
    const broken = await run(dir, [src], true);
    expect(broken.outcomes[0]!.status).toBe('failed');
    expect(broken.outcomes[0]!.message).toContain(md);
    // …and a plain rerun (no --force) is not "unchanged": it redoes the report and writes the file.
    rmSync(md, { recursive: true });
    const again = await run(dir, [src]);
    expect(again.skipped).toBe(0);
    expect(again.outcomes[0]!.status).toBe('partial');
    expect(readFileSync(md, 'utf8')).toContain('# Data quality');
    const third = await run(dir, [src]);
    expect(third.skipped).toBe(1);
  });
});

describe('a failed reprocess keeps the last good version (item 3)', () => {
  it('keeps facts and status, records reports.last_error, and clears it after a good run', async () => {
    const dir = tempDir('juesuan-ops-');
    const src = writeReport(dir, 'a.txt');
    await run(dir, [src]);
    const id = reportIdOf(src);
    const before = await queryDb(dir, `SELECT count(*)::INTEGER AS n FROM facts WHERE report_id = '${id}'`);
    expect(before[0]!.n).toBeGreaterThan(0);
    // A transient failure of the reprocess: the stored source cannot be read.
    const raw = join(dir, 'raw', readFileSync(join(dir, 'staged', id, 'source.json'), 'utf8').match(/"raw_path": "raw\/([^"]+)"/)![1]!);
    const bytes = readFileSync(raw);
    rmSync(raw);
    mkdirSync(raw);
    const failed = await run(dir, [src], true);
    expect(failed.outcomes[0]).toMatchObject({ status: 'failed', message: expect.stringMatching(/last good version stays loaded/) });
    const [kept] = await queryDb(dir, `SELECT status, n_facts, last_error, (SELECT count(*)::INTEGER FROM facts WHERE report_id = '${id}') AS facts FROM reports WHERE report_id = '${id}'`);
    expect(kept).toMatchObject({ status: 'partial', facts: before[0]!.n, last_error: expect.stringMatching(/folder is in the way/) });
    // The next run retries it (a failed last attempt is not "done") and clears last_error.
    rmSync(raw, { recursive: true });
    writeFileSync(raw, bytes);
    const fixed = await run(dir, [src]);
    expect(fixed.skipped).toBe(0);
    const [after] = await queryDb(dir, `SELECT status, last_error FROM reports WHERE report_id = '${id}'`);
    expect(after).toEqual({ status: 'partial', last_error: null });
  });
});
