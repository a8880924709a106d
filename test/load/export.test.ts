/**
 * The export runs its COPY statements on two connections. When one fails (a full disk), the
 * caller closes the database next; a COPY still running on the other connection then used
 * freed memory and crashed the process (SIGSEGV/SIGABRT, seen as a vitest worker dying in
 * test/ops/exit-codes.test.ts). exportTables must not throw before every lane has stopped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../../pipeline/load/db.ts';
import { exportTables } from '../../pipeline/load/index.ts';
import { dataDirs } from '../../pipeline/paths.ts';

const dir = mkdtempSync(join(tmpdir(), 'juesuan-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('exportTables after a failed COPY', () => {
  it('throws the first error only once the COPY running on the other connection has finished', async () => {
    const events: string[] = [];
    // The first connection fails at once; the second is slow, as a large table's COPY is.
    const failing = { run: async () => { events.push('copy failed'); throw new Error('ENOSPC: no space left on device'); } };
    const slow = {
      run: async () => {
        await new Promise((r) => setTimeout(r, 50));
        events.push('slow copy done');
        throw new Error('stop after one');
      },
    };
    const db = { conn: failing, connect: async () => slow, close: () => undefined } as unknown as Db;
    await expect(exportTables(db, dataDirs(dir)).catch((e: Error) => (events.push('thrown'), Promise.reject(e)))).rejects.toThrow(/ENOSPC/);
    expect(events).toEqual(['copy failed', 'slow copy done', 'thrown']);
  });
});
