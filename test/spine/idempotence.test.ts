/**
 * Re-running is safe: the same sources on the same data dir give the same rows, never a
 * second copy; unchanged reports are skipped; --force reprocesses and still leaves one copy;
 * a run that processes only report B leaves report A's rows alone.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractKey, describeRun, outputCsv, queryDb, removeTemps, runCli, tempDir, type CliResult } from '../helpers/cli.ts';
import { SAMPLES } from '../helpers/pages.ts';

const idOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
const A = idOf(SAMPLES.jdz);
const B = idOf(SAMPLES.lc);

interface Snapshot {
  facts: Record<string, string>[];
  reports: Record<string, string>[];
  quality: Record<string, string>[];
  dbFacts: number;
  dbDuplicates: number;
}

async function snapshot(dir: string): Promise<Snapshot> {
  const [n] = await queryDb(dir, 'SELECT count(*) AS n FROM facts');
  const [dup] = await queryDb(
    dir,
    `SELECT count(*) AS n FROM (SELECT 1 FROM facts GROUP BY report_id, table_code, item_code, line_no, item_name, measure HAVING count(*) > 1)`,
  );
  return {
    facts: outputCsv(dir, 'facts'),
    reports: outputCsv(dir, 'reports'),
    quality: outputCsv(dir, 'quality'),
    dbFacts: Number(n!.n),
    dbDuplicates: Number(dup!.n),
  };
}

const count = (rows: Record<string, string>[], id: string) => rows.filter((r) => r.report_id === id).length;
const runIdOf = (s: Snapshot, id: string) => s.reports.find((r) => r.report_id === id)?.run_id;

function expectNoDuplicates(s: Snapshot): void {
  const keys = s.facts.map(contractKey);
  const dups = keys.filter((k, i) => keys.indexOf(k) !== i);
  expect(dups).toEqual([]);
  expect(s.dbDuplicates).toBe(0);
  expect(s.dbFacts).toBe(s.facts.length);
  expect(s.reports.map((r) => r.report_id).sort()).toEqual([A, B].sort());
}

describe('running twice on the same data dir', () => {
  let dir: string;
  const runs: { cli: CliResult; snap: Snapshot }[] = [];

  beforeAll(async () => {
    dir = tempDir();
    // 1: both reports; 2: again, unchanged; 3: again with --force; 4: only B, forced.
    for (const args of [[SAMPLES.jdz, SAMPLES.lc], [SAMPLES.jdz, SAMPLES.lc], [SAMPLES.jdz, SAMPLES.lc, '--force'], [SAMPLES.lc, '--force']]) {
      const cli = await runCli(['run', ...args, '--data-dir', dir]);
      expect(cli.code, describeRun(cli)).toBe(0);
      runs.push({ cli, snap: await snapshot(dir) });
    }
  });
  afterAll(removeTemps);

  it('loads each report once, without duplicate contract keys', () => {
    const first = runs[0]!.snap;
    expectNoDuplicates(first);
    expect(count(first.facts, A)).toBeGreaterThan(300);
    expect(count(first.facts, B)).toBeGreaterThan(200);
  });

  it('skips the unchanged reports on the second run and changes nothing', () => {
    const [first, second] = [runs[0]!, runs[1]!];
    expect(second.cli.stdout).toMatch(/: 0 processed \(0 ok, 0 partial, 0 failed\), 2 unchanged, 0 facts/);
    expect(second.cli.stderr).toContain(`unchanged since the last run (report ${A}); skipped`);
    expect(second.cli.stderr).toContain(`unchanged since the last run (report ${B}); skipped`);
    expectNoDuplicates(second.snap);
    expect(second.snap.facts).toEqual(first.snap.facts);
    expect(second.snap.quality).toEqual(first.snap.quality);
    expect(second.snap.reports).toEqual(first.snap.reports);
  });

  it('reprocesses with --force and still leaves exactly one copy', () => {
    const [first, forced] = [runs[0]!, runs[2]!];
    expect(forced.cli.stdout).toMatch(/: 2 processed \(2 ok, 0 partial, 0 failed\), 0 unchanged/);
    expectNoDuplicates(forced.snap);
    expect(forced.snap.facts.length).toBe(first.snap.facts.length);
    expect(count(forced.snap.quality, A)).toBe(count(first.snap.quality, A));
    // Reloaded by the new run: same rows, new run id.
    expect(runIdOf(forced.snap, A)).not.toBe(runIdOf(first.snap, A));
    const strip = (rows: Record<string, string>[]) => rows.map(({ run_id: _r, ...rest }) => rest);
    expect(strip(forced.snap.facts)).toEqual(strip(first.snap.facts));
  });

  it("keeps report A's rows when a run processes only report B", () => {
    const [forced, onlyB] = [runs[2]!, runs[3]!];
    expect(onlyB.cli.stdout).toMatch(/: 1 processed \(1 ok, 0 partial, 0 failed\), 0 unchanged/);
    expectNoDuplicates(onlyB.snap);
    expect(onlyB.snap.facts.filter((f) => f.report_id === A)).toEqual(forced.snap.facts.filter((f) => f.report_id === A));
    expect(onlyB.snap.quality.filter((f) => f.report_id === A)).toEqual(forced.snap.quality.filter((f) => f.report_id === A));
    expect(runIdOf(onlyB.snap, A)).toBe(runIdOf(forced.snap, A));
    expect(runIdOf(onlyB.snap, B)).not.toBe(runIdOf(forced.snap, B));
    expect(count(onlyB.snap.facts, B)).toBe(count(forced.snap.facts, B));
  });

  it('records every run in the runs table', async () => {
    const rows = await queryDb(dir, 'SELECT n_sources, n_ok, n_failed, n_skipped, status FROM runs ORDER BY started_at');
    expect(rows.map((r) => [r.n_sources, r.n_ok, r.n_failed, r.n_skipped, r.status])).toEqual([
      [2, 2, 0, 0, 'ok'],
      [2, 0, 0, 2, 'ok'],
      [2, 2, 0, 0, 'ok'],
      [1, 1, 0, 0, 'ok'],
    ]);
  });
});
