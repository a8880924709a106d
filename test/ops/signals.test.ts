/**
 * Issue 13, item 8: SIGTERM used to kill a run without a `runs` row. Now the load in progress
 * commits or rolls back, no new report starts, the runs row says 'interrupted' and the exit
 * code is 143 (130 for SIGINT). The next run picks up the reports left over.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/pages.ts';
import { queryDb, removeTemps, tempDir } from '../helpers/cli.ts';
import { cli, writeReport } from './helpers.ts';

afterAll(removeTemps);

const REPORTS = 12;

describe('juesuan run stopped by SIGTERM', () => {
  it('finishes the current load, writes the runs row and exits 143; the next run resumes', async () => {
    const dir = tempDir('juesuan-signal-');
    const inputs = join(dir, 'inputs');
    mkdirSync(inputs);
    for (let i = 0; i < REPORTS; i++) writeReport(inputs, `r${String(i).padStart(2, '0')}.txt`, { income: `${100 + i}.00` });
    const child = spawn(process.execPath, [join(ROOT, 'bin/juesuan.js'), 'run', inputs, '--data-dir', dir, '--concurrency', '1'], {
      cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (/\[1\/\d+\]/.test(stderr) && !child.killed) child.kill('SIGTERM');
    });
    const code = await new Promise<number | null>((ok) => child.on('close', ok));
    expect(code, stderr).toBe(143);
    expect(stderr).toMatch(/received SIGTERM/);
    const [runRow] = await queryDb(dir, 'SELECT status, n_ok + n_partial AS done FROM runs');
    expect(runRow!.status).toBe('interrupted');
    const loaded = Number(runRow!.done);
    expect(loaded).toBeGreaterThanOrEqual(1);
    expect(loaded).toBeLessThan(REPORTS);
    // Every report in the database is whole: its facts match its n_facts.
    const torn = await queryDb(dir, 'SELECT report_id FROM reports r WHERE n_facts <> (SELECT count(*) FROM facts f WHERE f.report_id = r.report_id)');
    expect(torn).toEqual([]);
    const again = await cli(['run', inputs, '--data-dir', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`${REPORTS - loaded} processed .* ${loaded} unchanged`));
  });
});
