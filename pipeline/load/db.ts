/** Opening the DuckDB file and small query helpers. One connection per process: DuckDB has one writer. */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataDirs } from '../types.ts';
import { BusyError } from '../util/errors.ts';
import type { Logger } from '../util/log.ts';

export const DB_FILE = 'juesuan.duckdb';

export interface Db {
  conn: DuckDBConnection;
  /** Another connection to the same database (closed with it), for work that can run side by side. */
  connect?(): Promise<DuckDBConnection>;
  close(): void;
}

const SCHEMA_SQL = new URL('./schema.sql', import.meta.url);

/**
 * How long a command waits for another process (a run, a release, a researcher's read-only
 * session) to let go of the database before it gives up as busy (exit 75). Seconds; the
 * environment variable JUESUAN_LOCK_WAIT overrides it.
 */
export const DEFAULT_LOCK_WAIT_S = 60;
/** Pause between attempts to take the lock. */
const LOCK_RETRY_MS = 250;

export function lockWaitMs(): number {
  const env = process.env.JUESUAN_LOCK_WAIT;
  const s = env !== undefined && env.trim() !== '' && Number(env) >= 0 ? Number(env) : DEFAULT_LOCK_WAIT_S;
  return s * 1000;
}

export interface OpenOptions {
  readOnly?: boolean;
  /** Where "waiting for the lock" is said once; silent when absent. */
  log?: Logger;
  /** Override of lockWaitMs() (tests). */
  waitMs?: number;
}

/**
 * Open the DuckDB file, waiting while another process holds its lock. After the wait, a
 * BusyError names the holder (program, PID and, where readable, its command line).
 */
export async function openInstance(path: string, opts: OpenOptions = {}): Promise<DuckDBInstance> {
  const deadline = Date.now() + (opts.waitMs ?? lockWaitMs());
  let said = false;
  for (;;) {
    try {
      return await DuckDBInstance.create(path, opts.readOnly ? { access_mode: 'READ_ONLY' } : undefined);
    } catch (err) {
      const holder = lockHolder((err as Error).message);
      if (holder === null) throw err;
      if (Date.now() >= deadline) {
        const waited = Math.round((opts.waitMs ?? lockWaitMs()) / 1000);
        throw new BusyError(
          `the database ${path} is in use by ${holder}; waited ${waited} s (JUESUAN_LOCK_WAIT). ` +
            'Try again when that process has finished, or end it.',
        );
      }
      if (!said) opts.log?.info(`the database ${path} is in use by ${holder}; waiting up to ${Math.round((deadline - Date.now()) / 1000)} s`);
      said = true;
      await sleep(LOCK_RETRY_MS);
    }
  }
}

/** "…Conflicting lock is held in /usr/bin/node (PID 123)…" → "/usr/bin/node (PID 123: node bin/juesuan.js run)"; null when no lock error. */
export function lockHolder(message: string): string | null {
  if (!/Could not set lock|Conflicting lock/i.test(message)) return null;
  const m = /lock is held in (.+?) \(PID (\d+)\)/i.exec(message);
  if (!m) return 'another process';
  let cmd = '';
  try {
    cmd = readFileSync(`/proc/${m[2]}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ').replace(/\s+/g, ' ').slice(0, 200);
  } catch {
    // Not Linux, or the process is gone: the program and PID still say who.
  }
  return `${m[1]} (PID ${m[2]}${cmd ? `: ${cmd}` : ''})`;
}

export async function openDb(dirs: DataDirs, opts: Omit<OpenOptions, 'readOnly'> = {}): Promise<Db> {
  const path = join(dirs.output, DB_FILE);
  await mkdir(dirname(path), { recursive: true });
  const instance = await openInstance(path, opts);
  const conn = await instance.connect();
  await conn.run(await readFile(SCHEMA_SQL, 'utf8'));
  const extra: DuckDBConnection[] = [];
  return {
    conn,
    async connect() {
      const c = await instance.connect();
      extra.push(c);
      return c;
    },
    close() {
      for (const c of extra) c.closeSync();
      conn.closeSync();
      instance.closeSync();
    },
  };
}

/** Rows as JSON objects; DECIMAL comes back as strings, never as JS numbers. */
export async function queryRows(conn: DuckDBConnection, sql: string, params?: unknown[]): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params as never);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

/** Quote a value as a SQL string literal (for paths in COPY/read_json, which take no parameters). */
export function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}
