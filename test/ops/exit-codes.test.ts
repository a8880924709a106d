/**
 * Issue 13, items 4 and 7: one exit-code policy (pipeline/cli/exit.ts), case by case. Each case
 * runs the CLI's main() in-process: 2 usage/input, 3 failed reports, no stack traces for
 * expected errors, and an empty manifest never falls back to the bundled samples.
 */
import { availableParallelism } from 'node:os';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitFor, signalExit } from '../../pipeline/cli/exit.ts';
import { openDb } from '../../pipeline/load/db.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import { BusyError, InterruptedError, UsageError } from '../../pipeline/util/errors.ts';
import { queryDb, removeTemps, tempDir } from '../helpers/cli.ts';
import { cli, writeReport } from './helpers.ts';

let dir: string;
let data: string;
/** A data dir with an empty database, for the commands that need one. */
let withDb: string;
beforeAll(async () => {
  dir = tempDir('juesuan-exit-');
  data = join(dir, 'data');
  withDb = join(dir, 'with-db');
  (await openDb(dataDirs(withDb))).close();
});
afterAll(removeTemps);

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('usage and input errors exit 2 and touch nothing (items 4, 7)', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['a nonexistent path (was 3)', () => ['run', join(dir, 'nope.pdf')], /nope\.pdf: no such file or folder/],
    ['an empty folder (was 0, silently)', () => (mkdirSync(join(dir, 'empty'), { recursive: true }), ['run', join(dir, 'empty')]), /holds no PDF, HTML or text/],
    ['--concurrency abc (was 1 with a p-limit stack)', () => ['run', '--concurrency', 'abc', writeReport(dir, 'a.txt')], /expected a whole number of at least 1, got "abc"/],
    ['--concurrency 0 (was accepted)', () => ['run', '--concurrency', '0', writeReport(dir, 'a.txt')], /got "0"/],
    ['an empty manifest (was: loaded the bundled samples, exit 0)', () => (writeFileSync(join(dir, 'empty.csv'), 'url,department\n'), ['run', '--manifest', join(dir, 'empty.csv')]), /lists no sources/],
    ['a manifest url that is not a url (was a local path)', () => (writeFileSync(join(dir, 'bad.csv'), 'url\nnot a url at all\n'), ['run', '--manifest', join(dir, 'bad.csv')]), /bad\.csv:2 \(url\): .*not a url at all: no such file or folder/],
    ['a bad release version (was 1)', () => ['release', '--version', '../x'], /invalid release version/],
    ['--previous outside releases/ (was looked up there)', () => ['release', '--version', 'v2', '--previous', '../../x', '--data-dir', withDb], /not a release in/],
    ['a stage command with an unknown report id (was a raw ENOENT, exit 3)', () => ['parse', '0123456789abcdef'], /unknown report id 0123456789abcdef/],
    ['remove with an unknown report id', () => ['remove', 'fedcba9876543210', '--data-dir', withDb], /unknown report id fedcba9876543210/],
  ];
  for (const [what, args, message] of cases) {
    it(what, async () => {
      const a = args();
      const r = await cli(a.includes('--data-dir') ? a : [...a, '--data-dir', data]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      noStack(r.stderr);
      expect(existsSync(join(data, 'staged'))).toBe(false);
    });
  }
});

describe('failed reports exit 3; a stage after a failed report goes on', () => {
  it('runs, then the stage-by-stage chain skips the failed report instead of failing on it', async () => {
    const good = writeReport(dir, 'good.txt');
    const bad = join(dir, 'bad.pdf');
    writeFileSync(bad, '%PDF-1.4 truncated');
    const run = await cli(['run', good, bad, '--data-dir', data]);
    expect(run.code, run.stderr).toBe(3);
    expect(run.stdout).toMatch(/1 failed/);
    for (const stage of ['parse', 'normalise', 'validate', 'load']) {
      const r = await cli([stage, '--data-dir', data]);
      expect(r.code, `${stage}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toMatch(new RegExp(`${stage} [0-9a-f]{16}: skipped, no `));
    }
    // Named explicitly, the failed report is a usage error that says which stage to run first.
    const id = /parse ([0-9a-f]{16}): skipped/.exec((await cli(['parse', '--data-dir', data])).stderr)![1]!;
    const r = await cli(['parse', id, '--data-dir', data]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no pages\.json yet .*run `juesuan extract/);
  });
});

describe('the policy in one place', () => {
  it('maps each error class to its code', () => {
    expect(exitFor(new UsageError('x')).code).toBe(2);
    expect(exitFor(new BusyError('x')).code).toBe(75);
    expect(exitFor(new InterruptedError('SIGTERM')).code).toBe(143);
    expect(exitFor(new InterruptedError('SIGINT')).code).toBe(130);
    expect(signalExit('SIGTERM')).toBe(143);
    expect(exitFor(new Error('boom'))).toMatchObject({ code: 1, stack: true });
  });

  it('says ENOSPC with the path and the fix, without a stack', () => {
    const err = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: '/srv/juesuan/output/csv/facts.csv' });
    expect(exitFor(err)).toEqual({ code: 1, stack: false, message: 'no space left on the device; free space there and run again (/srv/juesuan/output/csv/facts.csv)' });
  });

  it('caps --concurrency at the cores with a warning instead of starting more threads', async () => {
    const r = await cli(['run', writeReport(dir, 'c.txt', { income: '3.00' }), '--concurrency', String(availableParallelism() + 14), '--data-dir', join(dir, 'data-c')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`more than the ${availableParallelism()} cores of this machine; using ${availableParallelism()}`);
  });
});

describe('a full disk while exporting', () => {
  it('exits 1 with the path and the fix, no stack, and the runs row says export_failed', async () => {
    const data2 = join(dir, 'data-full');
    mkdirSync(join(data2, 'output/csv'), { recursive: true });
    // The export writes output/csv/facts.csv.tmp, then renames it: make that file /dev/full.
    symlinkSync('/dev/full', join(data2, 'output/csv/facts.csv.tmp'));
    const r = await cli(['run', writeReport(dir, 'e.txt', { income: '7.00' }), '--data-dir', data2]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error: no space left on the device; free space there and run again.*facts\.csv\.tmp/);
    noStack(r.stderr);
    expect(await queryDb(data2, 'SELECT status, n_partial FROM runs')).toEqual([{ status: 'export_failed', n_partial: 1 }]);
  });
});
