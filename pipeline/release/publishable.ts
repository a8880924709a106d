/**
 * What a release publishes: reports that were processed (ok or partial) with their facts and
 * findings; failed sources go to `failures.csv` only. Done once, on the release's own
 * read-only connection, by shadowing the tables with temp views of the same names, so every
 * writer of release files (CSV, Parquet, CHANGELOG, HTML, datapackage) sees the same rows.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { join } from 'node:path';
import { queryRows, sqlString } from '../load/db.ts';

/** The file failed sources are listed in, at the release's top level. */
export const FAILURES_FILE = 'failures.csv';

/** A source as published: the URL, or only the file name of a local path (also for databases loaded before that rule). */
const PUBLIC_SOURCE = `CASE WHEN regexp_matches(source_url, '^https?://', 'i') THEN source_url ELSE regexp_extract(source_url, '[^/\\\\]*$') END`;

/** Tables whose rows belong to a report (besides reports itself). */
const PER_REPORT = ['facts', 'quality', 'cells'];

export async function publishableOnly(conn: DuckDBConnection): Promise<void> {
  const [{ db }] = (await queryRows(conn, 'SELECT current_database() AS db')) as [{ db: string }];
  const main = (t: string) => `"${db}".main."${t}"`;
  const tables = new Set((await queryRows(conn, `SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`)).map((r) => String(r.table_name)));
  await conn.run(`CREATE OR REPLACE TEMP VIEW reports AS SELECT * REPLACE (${PUBLIC_SOURCE} AS source_url) FROM ${main('reports')} WHERE status <> 'failed'`);
  for (const t of PER_REPORT.filter((x) => tables.has(x))) {
    await conn.run(`CREATE OR REPLACE TEMP VIEW "${t}" AS SELECT * FROM ${main(t)} WHERE report_id IN (SELECT report_id FROM reports)`);
  }
  await conn.run(
    `CREATE OR REPLACE TEMP VIEW failures AS
     SELECT r.report_id, ${PUBLIC_SOURCE.replaceAll('source_url', 'r.source_url')} AS source_url, r.source_sha256, r.file_name, r.pipeline_version,
            coalesce(r.last_error, (SELECT min(q.message) FROM ${main('quality')} q WHERE q.report_id = r.report_id AND q.severity = 'error')) AS message
     FROM ${main('reports')} r WHERE r.status = 'failed'`,
  );
}

/** failures.csv: one row per failed source, sorted by report_id (written even when empty, with its header). */
export async function writeFailures(conn: DuckDBConnection, dir: string): Promise<void> {
  await conn.run(`COPY (SELECT * FROM failures ORDER BY report_id) TO ${sqlString(join(dir, FAILURES_FILE))} (FORMAT csv, HEADER true)`);
}
