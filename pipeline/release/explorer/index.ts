/**
 * The release explorer: `explorer/` inside a release, a static site that needs no server.
 * index.html lists the reports with filters; reports/<id>.html rebuilds each report's tables
 * and opens the source page of any number with its cell highlighted (pages/<id>/pNNN.png,
 * rendered here from raw/). Same database and sources → same bytes.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sqlString } from '../../load/db.ts';
import { PROJECT_ROOT } from '../../paths.ts';
import type { Logger } from '../../util/log.ts';
import { tableDoc } from '../columns.ts';
import { releaseSelect } from '../export.ts';
import { EXPLORER_CSS, INDEX_JS, REPORT_JS } from './assets.ts';
import { factsHaveBoxes, loadFacts, loadFindings, loadReports, loadUnmappedCells } from './data.ts';
import { departmentKey, loadHistory } from './history.ts';
import { renderPages, sourcePdf, type PageImage } from './pages.ts';
import { EXPLORER_DIR, indexBody, reportBody, reportHref, safeId, shell } from './site.ts';
import { buildTables } from './tables.ts';

export { EXPLORER_DIR } from './site.ts';

const SCREENSHOT = join(PROJECT_ROOT, 'docs', 'explorer.png');

export interface ExplorerInput {
  conn: DuckDBConnection;
  /** The release folder; the explorer goes to `<dir>/explorer/`. */
  dir: string;
  version: string;
  /** raw/ of the data dir, where the source PDFs are (by SHA-256). */
  rawDir: string;
  /** Render the table pages as images (default); false leaves them out (--no-pages). */
  pages: boolean;
  log: Logger;
}

export interface ExplorerStats {
  reports: number;
  pageImages: number;
  /** Bytes of the whole explorer folder, and of its page images. */
  bytes: number;
  pageBytes: number;
  /** Whether the facts carried cell boxes (the highlight needs them). */
  boxes: boolean;
}

export async function writeExplorer(input: ExplorerInput): Promise<ExplorerStats> {
  const { conn, version, log } = input;
  const root = join(input.dir, EXPLORER_DIR);
  await mkdir(join(root, 'reports'), { recursive: true });
  await mkdir(join(root, 'data'), { recursive: true });
  await writeFile(join(root, 'explorer.css'), EXPLORER_CSS);
  await writeFile(join(root, 'index.js'), INDEX_JS);
  await writeFile(join(root, 'report.js'), REPORT_JS);
  // The screenshot the release README shows (docs/explorer.png, committed; same bytes every release).
  if (existsSync(SCREENSHOT)) await copyFile(SCREENSHOT, join(root, 'screenshot.png'));
  const reports = await loadReports(conn);
  await writeFile(join(root, 'index.html'), shell({ title: `部门预算·决算数据浏览 ${version}`, up: '../', version, body: indexBody(reports, version), script: 'index.js' }));
  const boxes = await factsHaveBoxes(conn);
  if (!boxes) log.warn('explorer: facts have no cell boxes (x0, y0, x1, y1) yet; numbers open their page without a highlight');
  const history = await loadHistory(conn);
  let pageImages = 0;
  for (const [i, r] of reports.entries()) {
    const id = String(r.report_id);
    const facts = await loadFacts(conn, id, boxes);
    const findings = await loadFindings(conn, id);
    const tables = buildTables(facts);
    const others = buildTables(await loadUnmappedCells(conn, id));
    const pages = input.pages ? await renderReportPages(input, r, [...tables, ...others].flatMap((t) => t.pages)) : [];
    pageImages += pages.length;
    const files = await writeReportData(conn, root, id);
    const body = reportBody({ report: r, tables, others, findings, pages, history: history.get(departmentKey(r)) ?? [], files });
    const title = `${r.department ?? r.file_name ?? id} ${r.fiscal_year ?? ''} ${r.report_kind ?? ''}`.trim();
    await writeFile(join(root, reportHref(id)), shell({ title, up: '../../', version, body, script: 'report.js' }));
    if ((i + 1) % 50 === 0) log.info(`explorer: ${i + 1}/${reports.length} reports`);
  }
  const bytes = await folderBytes(root);
  const pageBytes = await folderBytes(join(root, 'pages'));
  const kb = (n: number) => Math.round(n / 1024 / Math.max(1, reports.length));
  log.info(`explorer: ${reports.length} reports, ${pageImages} page images; ${kb(bytes)} KB per report (page images ${kb(pageBytes)} KB)`);
  return { reports: reports.length, pageImages, bytes, pageBytes, boxes };
}

async function renderReportPages(input: ExplorerInput, r: Record<string, unknown>, pages: number[]): Promise<PageImage[]> {
  const pdf = sourcePdf(input.rawDir, r.source_sha256 == null ? null : String(r.source_sha256));
  if (!pdf || pages.length === 0) return [];
  const wanted = [...new Set(pages)].sort((a, b) => a - b);
  try {
    return await renderPages(pdf, String(r.report_id), wanted, join(input.dir, EXPLORER_DIR));
  } catch (err) {
    // One unrenderable PDF costs its page images, not the release.
    input.log.warn(`explorer: could not render pages of report ${r.report_id}: ${(err as Error).message}; its numbers open without a page`);
    return [];
  }
}

/** The report's facts and findings as CSV (release columns, total order), for "raw data" links. */
async function writeReportData(conn: DuckDBConnection, root: string, reportId: string): Promise<{ facts: string; quality: string }> {
  const files = { facts: `data/${safeId(reportId)}.facts.csv`, quality: `data/${safeId(reportId)}.quality.csv` };
  for (const [name, rel] of [['facts', files.facts], ['quality', files.quality]] as const) {
    const select = `SELECT * FROM (${releaseSelect(tableDoc(name))}) WHERE report_id = ${sqlString(reportId)} ORDER BY ALL`;
    await conn.run(`COPY (${select}) TO ${sqlString(join(root, rel))} (FORMAT csv, HEADER true)`);
  }
  return files;
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const e of entries) if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  return total;
}
