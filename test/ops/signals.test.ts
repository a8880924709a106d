/**
 * Issue 13, item 8: SIGTERM used to kill a run without a `runs` row. Now the load in progress
 * commits or rolls back, no new report starts, the runs row says 'interrupted' and the exit
 * code is 143 (130 for SIGINT). The next run picks up the reports left over. The signal is
 * delivered in-process (process.emit) to the handlers `juesuan run` installs.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { queryDb, removeTemps, tempDir } from '../helpers/cli.ts';
import { cli, writeReport } from './helpers.ts';

afterAll(removeTemps);

const REPORTS = 6;

describe('juesuan run stopped by a signal', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal}: finishes the current load, writes the runs row and exits ${code}; the next run resumes`, async () => {
      const dir = tempDir('juesuan-signal-');
      const inputs = join(dir, 'inputs');
      mkdirSync(inputs);
      for (let i = 0; i < REPORTS; i++) writeReport(inputs, `r${i}.txt`, { income: `${100 + i}.00` });
      let sent = false;
      const r = await cli(['run', inputs, '--data-dir', dir, '--concurrency', '1'], (stderr) => {
        if (!sent && /\[1\/\d+\]/.test(stderr)) {
          sent = true;
          process.emit(signal, signal);
        }
      });
      expect(r.code, r.stderr).toBe(code);
      expect(r.stderr).toMatch(new RegExp(`received ${signal}`));
      expect(process.listenerCount(signal)).toBe(0);
      const [runRow] = await queryDb(dir, 'SELECT status, n_ok + n_partial AS done FROM runs');
      expect(runRow!.status).toBe('interrupted');
      const loaded = Number(runRow!.done);
      expect(loaded).toBeGreaterThanOrEqual(1);
      expect(loaded).toBeLessThan(REPORTS);
      // Every report in the database is whole: its facts match its n_facts.
      const torn = await queryDb(dir, 'SELECT report_id FROM reports r WHERE n_facts <> (SELECT count(*) FROM facts f WHERE f.report_id = r.report_id)');
      expect(torn).toEqual([]);
      if (signal === 'SIGINT') return;
      const again = await cli(['run', inputs, '--data-dir', dir]);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(new RegExp(`${REPORTS - loaded} processed .* ${loaded} unchanged`));
    });
  }
});
