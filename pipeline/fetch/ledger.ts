/**
 * The fetch ledger: one `fetch_log` row per URL per run, in the pipeline's DuckDB file. It keeps
 * the validators (ETag, Last-Modified) for conditional requests, and whether a failure can be
 * retried, so the next night asks again only for what may have changed or may now succeed.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import pLimit from 'p-limit';
import { queryRows } from '../load/db.ts';

export type FetchOutcome = 'downloaded' | 'not_modified' | 'failed';

/** A row of `fetch_log`. */
export interface FetchLogRow {
  url: string;
  /** ISO 8601 (UTC). */
  fetched_at: string;
  http_status: number | null;
  etag: string | null;
  last_modified: string | null;
  sha256: string | null;
  report_id: string | null;
  bytes: number | null;
  outcome: FetchOutcome;
  error: string | null;
  retryable: boolean | null;
  attempts: number;
  run_id: string | null;
}

/** What `ingest` needs from a ledger; `duckLedger` is the DuckDB one, tests may pass a fake. */
export interface FetchLedger {
  /** The last successful fetch of the url (downloaded or not_modified), or null. */
  last(url: string): Promise<FetchLogRow | null>;
  record(row: Omit<FetchLogRow, 'run_id'>): Promise<void>;
}

const CREATE_FETCH_LOG = `
CREATE TABLE IF NOT EXISTS fetch_log (
  url VARCHAR NOT NULL,
  fetched_at TIMESTAMP NOT NULL,
  http_status INTEGER,
  etag VARCHAR,
  last_modified VARCHAR,
  sha256 VARCHAR,
  report_id VARCHAR,
  bytes BIGINT,
  outcome VARCHAR NOT NULL,
  error VARCHAR,
  retryable BOOLEAN,
  attempts INTEGER,
  run_id VARCHAR
)`;

const COLUMNS: (keyof FetchLogRow)[] = [
  'url', 'fetched_at', 'http_status', 'etag', 'last_modified', 'sha256', 'report_id', 'bytes',
  'outcome', 'error', 'retryable', 'attempts', 'run_id',
];

export async function ensureFetchLog(conn: DuckDBConnection): Promise<void> {
  await conn.run(CREATE_FETCH_LOG);
}

export async function recordFetch(conn: DuckDBConnection, row: FetchLogRow): Promise<void> {
  const placeholders = COLUMNS.map((c, i) => (c === 'fetched_at' ? `CAST($${i + 1} AS TIMESTAMP)` : `$${i + 1}`));
  // fetched_at travels as 'YYYY-MM-DD HH:MM:SS.mmm' (UTC): DuckDB's TIMESTAMP has no zone.
  const values = COLUMNS.map((c) => (c === 'fetched_at' ? toDuckTimestamp(row.fetched_at) : row[c]));
  await conn.run(`INSERT INTO fetch_log (${COLUMNS.join(', ')}) VALUES (${placeholders.join(', ')})`, values as never);
}

/** The latest successful fetch of `url`: the one whose ETag/Last-Modified a conditional request uses. */
export async function lastFetch(conn: DuckDBConnection, url: string): Promise<FetchLogRow | null> {
  const rows = await queryRows(
    conn,
    `SELECT * REPLACE (strftime(fetched_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS fetched_at)
     FROM fetch_log WHERE url = $1 AND outcome IN ('downloaded', 'not_modified')
     ORDER BY fetched_at DESC, rowid DESC LIMIT 1`,
    [url],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    ...(r as unknown as FetchLogRow),
    bytes: r.bytes == null ? null : Number(r.bytes),
  };
}

/**
 * A ledger over one DuckDB connection, stamping rows with the run id. Calls are serialised:
 * ingest fetches concurrently, and one connection runs one statement at a time.
 */
export function duckLedger(conn: DuckDBConnection, runId: string | null): FetchLedger & { ready: Promise<void> } {
  const one = pLimit(1);
  const ready = one(() => ensureFetchLog(conn));
  return {
    ready,
    last: (url) => one(() => lastFetch(conn, url)),
    record: (row) => one(() => recordFetch(conn, { ...row, run_id: runId })),
  };
}

function toDuckTimestamp(iso: string): string {
  return new Date(iso).toISOString().replace('T', ' ').replace('Z', '');
}
