/**
 * Two readings of a scanned report, chosen table by table.
 *
 * OCR'd pages carry the ruling lines found on the scan. Where they are complete they place
 * every value exactly (tall rows, wrapped labels); where they are faint, broken or partly
 * missing, the grid they give is wrong in ways the text alone is not (cells merged, rows cut
 * between a value and its label, a column lost). Whether a page's grid is whole cannot be told
 * from the lines alone, but its consequence can: the table read with it breaks more of the
 * template's identities than the table read from the text geometry alone. So the report is
 * parsed twice — with the scanned rules and without them — and each table comes from the
 * reading whose validation finds fewer problems on it (`judge`, supplied by the caller: parse
 * knows nothing of normalise or validate). A tie keeps the grid reading.
 */
import type { ExtractedDoc, ParsedDoc, RawTable } from '../types.ts';

/** What validation makes of one table of a reading: its error and warning findings and its non-zero values. */
export interface Verdict {
  findings: number;
  values: number;
}

/** A verdict per table_code of a parsed report (the caller normalises and validates it). */
export type Judge = (parsed: ParsedDoc) => Map<string, Verdict>;

/**
 * The text reading replaces the grid reading of a table only when it has fewer findings by at
 * least this many and by this share: small differences are noise of the OCR, not a broken grid.
 */
export const MIN_FEWER_FINDINGS = 2;
export const MIN_FEWER_SHARE = 0.15;
/**
 * A grid reading that places under this share of the values the text reading places lost the
 * table to its grid (columns merged, rows cut away): the text reading wins when it has no more
 * findings than values (a garbled text reading has more), give or take MIN_FEWER_FINDINGS of
 * noise: one table-level finding more (a lost row) must not tip a 31-value reading with 32
 * findings back to a grid reading with no values.
 */
export const LOST_VALUES_SHARE = 0.5;

/** The same report with the scanned ruling lines taken off its OCR'd pages. */
export function withoutScannedRules(doc: ExtractedDoc): ExtractedDoc | null {
  if (!doc.pages.some((p) => p.method === 'ocr' && p.rules.length)) return null;
  return { ...doc, pages: doc.pages.map((p) => (p.method === 'ocr' && p.rules.length ? { ...p, rules: [] } : p)) };
}

const NONE: Verdict = { findings: 0, values: 0 };

/**
 * A cell holding an amount between words ('一、财政拨款24,169.74一般公共服务支出') or two numbered
 * labels ('二、外交支出、项目支出'): the grid lost the rules between columns and read a row's
 * label, value and the next panel's label as one cell. (A label glued before its value alone,
 * '办公费7.96', is read by normalise.)
 * Validation cannot see it (the merged label keys a row of its own, flagged like any OCR'd
 * name), so the readings are compared on it directly.
 */
const RUN_TOGETHER = /\p{Script=Han}.*\d\.\d{2}.*\p{Script=Han}|、\p{Script=Han}.*、\p{Script=Han}/u;
/** Cells run together in the grid reading, and fewer by this many in the text reading, make the text reading better. */
export const MIN_FEWER_RUN_TOGETHER = 2;

function runTogether(table: RawTable): number {
  return table.rows.reduce((n, r) => n + r.cells.filter((c) => RUN_TOGETHER.test(c.replace(/\s/g, ''))).length, 0);
}

/** The grid merged columns the text reading keeps apart, placing no fewer values. */
function textKeepsColumns(grid: RawTable, text: RawTable, gv: Verdict, tv: Verdict): boolean {
  return runTogether(grid) - runTogether(text) >= MIN_FEWER_RUN_TOGETHER && tv.values >= gv.values;
}

/** Whether the text reading of a table is clearly better than the grid one. */
export function textReadsBetter(grid: Verdict, text: Verdict): boolean {
  const fewer = grid.findings - text.findings;
  if (fewer >= MIN_FEWER_FINDINGS && fewer >= MIN_FEWER_SHARE * grid.findings) return true;
  return grid.values < LOST_VALUES_SHARE * text.values && text.findings <= text.values + MIN_FEWER_FINDINGS;
}

/**
 * Merge two readings: each of the grid reading's template tables is swapped for the text
 * reading's table of the same code when the judge finds it clearly better (textReadsBetter). Tables
 * without a code, and codes only one reading found, stay as the grid reading has them.
 * Returns the merged report and the codes taken from the text reading.
 */
export function chooseTables(grid: ParsedDoc, text: ParsedDoc, judge: Judge): { parsed: ParsedDoc; fromText: string[] } {
  const gridFindings = judge(grid);
  const textFindings = judge(text);
  const textTables = new Map<string, RawTable>();
  for (const t of text.tables) if (t.table_code !== null && !textTables.has(t.table_code)) textTables.set(t.table_code, t);
  const fromText: string[] = [];
  const tables = grid.tables.map((t) => {
    // A code the grid reading holds twice is swapped once at most.
    const alt = t.table_code === null || fromText.includes(t.table_code) ? undefined : textTables.get(t.table_code);
    const gv = gridFindings.get(t.table_code!) ?? NONE;
    const tv = textFindings.get(t.table_code!) ?? NONE;
    if (!alt || !(textReadsBetter(gv, tv) || textKeepsColumns(t, alt, gv, tv))) return t;
    fromText.push(t.table_code!);
    return { ...alt, id: t.id };
  });
  return { parsed: { ...grid, tables }, fromText };
}
