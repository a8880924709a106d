/** Opening the DuckDB file and small query helpers. One connection per process: DuckDB has one writer. */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { DataDirs } from '../types.ts';

export const DB_FILE = 'juesuan.duckdb';

export interface Db {
  conn: DuckDBConnection;
  close(): void;
}

const SCHEMA_SQL = new URL('./schema.sql', import.meta.url);

export async function openDb(dirs: DataDirs): Promise<Db> {
  const path = join(dirs.output, DB_FILE);
  await mkdir(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  await conn.run(await readFile(SCHEMA_SQL, 'utf8'));
  return {
    conn,
    close() {
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
