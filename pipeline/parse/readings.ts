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

/** Error and warning findings per table_code of a parsed report (the caller normalises and validates it). */
export type Judge = (parsed: ParsedDoc) => Map<string, number>;

/**
 * The text reading replaces the grid reading of a table only when it has fewer findings by at
 * least this many and by this share: small differences are noise of the OCR, not a broken grid.
 */
export const MIN_FEWER_FINDINGS = 2;
export const MIN_FEWER_SHARE = 0.15;

/** The same report with the scanned ruling lines taken off its OCR'd pages. */
export function withoutScannedRules(doc: ExtractedDoc): ExtractedDoc | null {
  if (!doc.pages.some((p) => p.method === 'ocr' && p.rules.length)) return null;
  return { ...doc, pages: doc.pages.map((p) => (p.method === 'ocr' && p.rules.length ? { ...p, rules: [] } : p)) };
}

/** Whether `text` findings are clearly fewer than `grid` ones. */
export function textReadsBetter(grid: number, text: number): boolean {
  return grid - text >= MIN_FEWER_FINDINGS && grid - text >= MIN_FEWER_SHARE * grid;
}

/**
 * Merge two readings: each of the grid reading's template tables is swapped for the text
 * reading's table of the same code when the judge finds clearly fewer problems there. Tables
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
    if (!alt || !textReadsBetter(gridFindings.get(t.table_code!) ?? 0, textFindings.get(t.table_code!) ?? 0)) return t;
    fromText.push(t.table_code!);
    return { ...alt, id: t.id };
  });
  return { parsed: { ...grid, tables }, fromText };
}
