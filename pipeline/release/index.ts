/**
 * Release stage: turn the DuckDB database into a versioned, self-describing, checksummed folder
 * `output/releases/<version>/` (CSV, Excel CSV, Parquet, datapackage.json, README, CHANGELOG,
 * HTML overview, load.sql, SHA256SUMS). Built in a temp folder and renamed at the end, so a
 * release either exists complete or not at all. Same database → byte-identical files.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DB_FILE, openInstance, queryRows } from '../load/db.ts';
import type { DataDirs } from '../types.ts';
import type { Logger } from '../util/log.ts';
import { buildChangelog, findPrevious, type PreviousRelease } from './changelog.ts';
import { SUMS_FILE, sha256Sums } from './checksums.ts';
import { tableDoc } from './columns.ts';
import { buildDataPackage, type SourceRef } from './datapackage.ts';
import { ReleaseError } from './errors.ts';
import { exportRelease, type ExportedTable } from './export.ts';
import { writeExplorer } from './explorer/index.ts';
import { writeFailures, publishableOnly } from './publishable.ts';
import { writeSite } from './html.ts';
import { LOAD_SQL, buildLoadSql, buildReadme } from './readme.ts';
import { defaultVersion } from './version.ts';

export { ReleaseError } from './errors.ts';
export { createViews, VIEW_DOCS } from './views.ts';

export interface ReleaseOptions {
  /** Release name, also the folder name: letters, digits, '.', '_', '-' (e.g. 2025.06.30). */
  version: string;
  log: Logger;
  /** Release to write the CHANGELOG against (a version in output/releases, or a path); default: the newest earlier one. */
  previous?: string;
  /** Render the source pages of the explorer as images (default true; `--no-pages` leaves them out). */
  pages?: boolean;
}

const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

export { defaultVersion };

export function releasesDir(dirs: DataDirs): string {
  return join(dirs.output, 'releases');
}

export async function buildRelease(dirs: DataDirs, opts: ReleaseOptions): Promise<{ dir: string }> {
  const { version, log } = opts;
  const { root, final, dbPath } = checkTarget(dirs, version);
  const previous = await findPrevious(root, version, opts.previous);
  await removeAbandoned(root, log);
  // Read-only: a release never changes the database and can be cut while others read it. A run
  // holding the write lock is waited for (JUESUAN_LOCK_WAIT), then it is busy (exit 75).
  const instance = await openInstance(dbPath, { readOnly: true, log });
  const conn = await instance.connect();
  const tmp = join(root, `${TMP_PREFIX}${version}.tmp-${process.pid}`);
  let tables: ExportedTable[];
  try {
    await publishableOnly(conn);
    tables = await writeReleaseFiles(conn, tmp, version, previous, log, { rawDir: dirs.raw, pages: opts.pages ?? true });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
  await rename(tmp, final);
  log.info(`release ${version}: ${tables.map((t) => `${t.rows} ${t.table.name}`).join(', ')} → ${final}`);
  return { dir: final };
}

/** Releases are built in `.<version>.tmp-<pid>` and renamed when complete. */
const TMP_PREFIX = '.';
const TMP_PATTERN = /^\..+\.tmp-(\d+)$/;

/** Temp folders of releases whose process is gone (killed mid-release): nothing in them is complete. */
async function removeAbandoned(root: string, log: Logger): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(TMP_PATTERN.exec(name)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await rm(join(root, name), { recursive: true, force: true });
    log.info(`removed ${join(root, name)}, left by a release that did not finish`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Where the release goes; refuses bad names, existing releases and a missing database. */
function checkTarget(dirs: DataDirs, version: string): { root: string; final: string; dbPath: string } {
  if (!VERSION_PATTERN.test(version)) {
    throw new ReleaseError(`invalid release version "${version}": use letters, digits, '.', '_' and '-' only, e.g. ${defaultVersion()}`);
  }
  const root = releasesDir(dirs);
  const final = join(root, version);
  if (existsSync(final)) {
    throw new ReleaseError(`release ${version} already exists at ${final}; releases are immutable: choose another version (e.g. --tag ${version}.1) or delete that folder`);
  }
  const dbPath = join(dirs.output, DB_FILE);
  if (!existsSync(dbPath)) throw new ReleaseError(`no database at ${dbPath}; run \`npx juesuan run\` first (or pass --data-dir)`);
  return { root, final, dbPath };
}

/** Everything a release holds, written into `dir` (created empty). SHA256SUMS comes last. */
async function writeReleaseFiles(
  conn: DuckDBConnection,
  dir: string,
  version: string,
  previous: PreviousRelease | null,
  log: Logger,
  explorer: { rawDir: string; pages: boolean },
): Promise<ExportedTable[]> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  // One thread: DuckDB's writers then emit rows and row groups in one fixed order (reproducible bytes).
  await conn.run('SET threads = 1');
  log.info(`release ${version}: exporting tables`);
  const tables = await exportRelease(conn, dir);
  await warnDuplicateKeys(conn, log);
  log.info(`release ${version}: changelog against ${previous ? previous.version : '(no previous release)'}`);
  await writeFile(join(dir, 'CHANGELOG.md'), await buildChangelog(conn, dir, version, previous));
  await writeFailures(conn, dir);
  await writeSite({ conn, dir, version });
  log.info(`release ${version}: explorer${explorer.pages ? ' (rendering table pages)' : ' (no page images)'}`);
  await writeExplorer({ conn, dir, version, rawDir: explorer.rawDir, pages: explorer.pages, log });
  const pkg = await buildDataPackage({ version, dir, tables, sources: await sources(conn) });
  await writeFile(join(dir, 'datapackage.json'), JSON.stringify(pkg, null, 2) + '\n');
  await writeFile(join(dir, 'README.md'), buildReadme(version, tables, previous?.version ?? null));
  await writeFile(join(dir, LOAD_SQL), buildLoadSql(tables));
  await writeFile(join(dir, SUMS_FILE), await sha256Sums(dir));
  return tables;
}

/** One source per report: its URL (or path) with the department and year as title. */
async function sources(conn: DuckDBConnection): Promise<SourceRef[]> {
  const rows = await queryRows(
    conn,
    `SELECT report_id, department, fiscal_year, source_url, file_name FROM reports ORDER BY report_id`,
  );
  return rows.map((r) => {
    const title = `${r.department ?? r.file_name ?? r.report_id} ${r.fiscal_year ?? ''} 部门决算 (report ${r.report_id})`.replace(/\s+/g, ' ').trim();
    // A local file's name means nothing to readers as a link: title only.
    const url = String(r.source_url ?? '');
    return /^https?:\/\//i.test(url) ? { title, path: url } : { title };
  });
}

/** datapackage.json declares a primary key for facts; say so when the data break it. */
async function warnDuplicateKeys(conn: DuckDBConnection, log: Logger): Promise<void> {
  const key = tableDoc('facts').primaryKey!;
  const expr = tableDoc('facts').columns.find((c) => c.name === 'item_key')!.releaseExpr!;
  const cols = key.map((k) => (k === 'item_key' ? `${expr} AS item_key` : `t.${k}`)).join(', ');
  const [dup] = await queryRows(
    conn,
    `SELECT count(*)::INTEGER AS n FROM (SELECT ${cols}, count(*) AS c FROM facts t GROUP BY ALL HAVING count(*) > 1)`,
  );
  if (Number(dup!.n) > 0) {
    log.warn(`${dup!.n} fact keys (${key.join(', ')}) occur more than once; datapackage.json's primary key does not hold for them`);
  }
}
