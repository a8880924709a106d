/**
 * What the explorer reads from the database: reports, each report's facts (with their boxes
 * where the database has the `cells` layer's box columns) and findings, and the history rows.
 * One query per report for facts and findings, so memory stays bounded by the largest report.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { queryRows, sqlString } from '../../load/db.ts';
import type { QualityFinding } from '../../types.ts';

export type Row = Record<string, unknown>;

export interface Fact {
  table_code: string;
  table_name: string | null;
  item_code: string | null;
  item_name: string | null;
  line_no: number | null;
  measure: string;
  value_yuan: string | null;
  quantity: string | null;
  quantity_unit: string | null;
  value_text: string | null;
  unit_as_printed: string | null;
  page: number | null;
  method: string | null;
  /** The printed cell's box in PDF points, top-left origin of the displayed page; null before the cells layer. */
  box: [number, number, number, number] | null;
}

/** A row of `quality` as the explorer shows it (the message may be NULL in the database). */
export type Finding = Omit<QualityFinding, 'report_id' | 'severity' | 'message'> & { severity: string; message: string | null };

const BOX_COLUMNS = ['x0', 'y0', 'x1', 'y1'];

/** Does `facts` carry the box columns yet (docs/data-contract.md, "cells")? */
export async function factsHaveBoxes(conn: DuckDBConnection): Promise<boolean> {
  const cols = await queryRows(conn, `SELECT column_name FROM duckdb_columns() WHERE table_name = 'facts' AND schema_name = 'main'`);
  const names = new Set(cols.map((c) => String(c.column_name)));
  return BOX_COLUMNS.every((c) => names.has(c));
}

export async function loadReports(conn: DuckDBConnection): Promise<Row[]> {
  return queryRows(conn, `SELECT * FROM reports ORDER BY province NULLS LAST, city NULLS LAST, department NULLS LAST, fiscal_year, report_kind, report_id`);
}

const num = (v: unknown): number | null => (v == null ? null : Number(v));
const str = (v: unknown): string | null => (v == null ? null : String(v));

export async function loadFacts(conn: DuckDBConnection, reportId: string, withBoxes: boolean): Promise<Fact[]> {
  const box = withBoxes ? ', x0, y0, x1, y1' : '';
  const rows = await queryRows(
    conn,
    `SELECT table_code, table_name, item_code, item_name, line_no, measure, CAST(value_yuan AS VARCHAR) AS value_yuan,
       CAST(quantity AS VARCHAR) AS quantity, quantity_unit, value_text, unit_as_printed, page, method${box}
     FROM facts WHERE report_id = ${sqlString(reportId)}
     ORDER BY table_code, line_no NULLS LAST, item_code NULLS FIRST, item_name, measure, page, value_yuan, value_text`,
  );
  return rows.map((r) => ({
    table_code: String(r.table_code), table_name: str(r.table_name), item_code: str(r.item_code), item_name: str(r.item_name),
    line_no: num(r.line_no), measure: String(r.measure), value_yuan: str(r.value_yuan), quantity: str(r.quantity),
    quantity_unit: str(r.quantity_unit), value_text: str(r.value_text), unit_as_printed: str(r.unit_as_printed),
    page: num(r.page), method: str(r.method),
    box: withBoxes && r.x0 != null && r.y0 != null && r.x1 != null && r.y1 != null ? [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)] : null,
  }));
}

export async function loadFindings(conn: DuckDBConnection, reportId: string): Promise<Finding[]> {
  const rows = await queryRows(
    conn,
    `SELECT check_id, severity, table_code, item_code, line_no, item_name, measure, CAST(expected AS VARCHAR) AS expected,
       CAST(actual AS VARCHAR) AS actual, message, page
     FROM quality WHERE report_id = ${sqlString(reportId)}
     ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, check_id, table_code NULLS FIRST,
       item_code NULLS FIRST, line_no NULLS FIRST, item_name NULLS FIRST, measure NULLS FIRST, message, page NULLS FIRST, expected NULLS FIRST, actual NULLS FIRST`,
  );
  return rows.map((r) => ({
    check_id: String(r.check_id), severity: String(r.severity), table_code: str(r.table_code), item_code: str(r.item_code),
    line_no: num(r.line_no), item_name: str(r.item_name), measure: str(r.measure), expected: str(r.expected),
    actual: str(r.actual), message: str(r.message), page: num(r.page),
  }));
}

/**
 * Cells of tables no template maps (cells.table_code NULL), as facts of made-up tables "其他N"
 * keyed by their printed title, row and column, so the explorer shows them like the rest.
 */
export async function loadUnmappedCells(conn: DuckDBConnection, reportId: string): Promise<Fact[]> {
  const [has] = await queryRows(conn, `SELECT count(*)::INTEGER AS n FROM duckdb_tables() WHERE table_name = 'cells'`);
  if (Number(has!.n) === 0) return [];
  const rows = await queryRows(
    conn,
    `WITH c AS (
       SELECT *, min(page) OVER (PARTITION BY table_title) AS first_page FROM cells
       WHERE report_id = ${sqlString(reportId)} AND table_code IS NULL)
     SELECT table_title, row_code, row_label, column_label, CAST(value_yuan AS VARCHAR) AS value_yuan, CAST(quantity AS VARCHAR) AS quantity,
       value_text, unit_as_printed, page, method, x0, y0, x1, y1, dense_rank() OVER (ORDER BY first_page, table_title) AS t
     FROM c ORDER BY t, page, y0, x0, cell_id`,
  );
  return rows.map((r) => ({
    table_code: `其他${r.t}`, table_name: str(r.table_title) ?? '（无标题）', item_code: str(r.row_code), item_name: str(r.row_label), line_no: null,
    measure: str(r.column_label) ?? '', value_yuan: str(r.value_yuan), quantity: str(r.quantity), quantity_unit: null,
    value_text: str(r.value_text), unit_as_printed: str(r.unit_as_printed), page: num(r.page), method: str(r.method),
    box: r.x0 != null && r.y0 != null && r.x1 != null && r.y1 != null ? [Number(r.x0), Number(r.y0), Number(r.x1), Number(r.y1)] : null,
  }));
}
