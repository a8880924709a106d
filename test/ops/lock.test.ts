/**
 * Issue 13, item 5: a database held by another process (even a researcher's read-only session)
 * means wait, up to JUESUAN_LOCK_WAIT seconds, then exit 75 naming the holder. Before, `run`
 * exited 1 with DuckDB's raw "Could not set lock on file". run, load and release alike.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DB_FILE } from '../../pipeline/load/db.ts';
import { removeTemps, tempDir } from '../helpers/cli.ts';
import { cli, holdDb, writeReport } from './helpers.ts';

let dir: string;
let db: string;
let source: string;
beforeAll(async () => {
  dir = tempDir('juesuan-lock-');
  source = writeReport(dir, 'a.txt');
  expect((await cli(['run', source, '--data-dir', dir])).code).toBe(0);
  db = join(dir, 'output', DB_FILE);
});
afterEach(() => {
  delete process.env.JUESUAN_LOCK_WAIT;
});
afterAll(removeTemps);

/** Each command waits, then exits 75 naming the holder, without DuckDB's raw message or a stack. */
async function expectBusy(args: string[], holderPid: number | undefined): Promise<void> {
  process.env.JUESUAN_LOCK_WAIT = '0.5';
  const t0 = Date.now();
  const r = await cli([...args, '--data-dir', dir]);
  expect(r.code, r.stderr).toBe(75);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
  expect(r.stderr).toMatch(new RegExp(`is in use by .*\\(PID ${holderPid}: .*node`));
  expect(r.stderr).not.toMatch(/Could not set lock|\n\s+at /);
}

describe('a database held by another process', () => {
  it('run and the load stage, while a researcher reads the database: wait, then exit 75 naming the holder', async () => {
    const holder = await holdDb(db, { readOnly: true });
    try {
      await expectBusy(['run', source, '--force'], holder.pid);
      await expectBusy(['load'], holder.pid);
    } finally {
      holder.kill();
    }
  });

  it('release, while a run writes the database: waits, then exits 75 naming the holder', async () => {
    const holder = await holdDb(db, { readOnly: false });
    try {
      await expectBusy(['release', '--version', 'v1'], holder.pid);
    } finally {
      holder.kill();
    }
  });

  it('goes ahead when the holder lets go within the wait', async () => {
    const holder = await holdDb(db);
    process.env.JUESUAN_LOCK_WAIT = '20';
    setTimeout(() => holder.kill(), 300);
    const r = await cli(['run', source, '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/is in use by .*; waiting up to \d+ s/);
  });
});
