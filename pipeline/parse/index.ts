/**
 * Parse stage: `pages.json` → `tables.json`. Finds every table a report prints, known or not,
 * rebuilds each as columns (with header labels) and rows of cells (with each cell's box on the
 * page), stitched across pages, and keeps the prose for metadata and narrative figures. Values
 * stay as printed; normalise interprets them. The classifier (classify.ts) names the tables a
 * template knows; the others keep table_code null and are still published as cells.
 */
import type { ExtractedDoc, ParsedDoc, RawTable, TableFailure } from '../types.ts';
import { tableCodeFor } from './classify.ts';
import { buildGrid, isMoney } from './grid.ts';
import { resolveCodes, type Found } from './resolve.ts';
import { segment, type Region } from './segment.ts';
import { chooseTables, withoutScannedRules, type Judge } from './readings.ts';

export { segment } from './segment.ts';
export { buildGrid } from './grid.ts';
export { tableCodeFor } from './classify.ts';
export type { Judge, Verdict } from './readings.ts';

export interface ParseOptions {
  /**
   * Judges a reading by its validation (findings per table_code). Given, a report with OCR'd
   * pages is also read without their scanned ruling lines, and each table comes from the
   * reading the judge finds fewer problems in (readings.ts).
   */
  judge?: Judge;
}

export function parse(doc: ExtractedDoc, opts: ParseOptions = {}): ParsedDoc {
  const grid = parseOnce(doc);
  const bare = opts.judge ? withoutScannedRules(doc) : null;
  if (!bare) return grid;
  const { parsed, fromText } = chooseTables(grid, parseOnce(bare), opts.judge!);
  return fromText.length ? { ...parsed, text_reading: fromText } : parsed;
}

function parseOnce(doc: ExtractedDoc): ParsedDoc {
  const { regions, prose } = segment(doc.pages);
  const warnings: string[] = [];
  const failures: TableFailure[] = [];
  const found: Found[] = [];
  regions.forEach((region, order) => {
    let table: RawTable | null;
    try {
      table = toRawTable(region);
    } catch (err) {
      // One table that cannot be read must not cost the report its other tables.
      failures.push({ table_code: region.table_code, title: region.title, page: region.lines[0]?.page ?? null, message: (err as Error).message });
      return;
    }
    if (table) found.push({ table, order, ocr: isOcr(region) });
  });
  // Document order: a table's id (and so its cells' ids) follows where it is printed.
  const tables = resolveCodes(found, warnings).map(({ table }, i) => ({ ...table, id: `t${String(i + 1).padStart(2, '0')}` }));
  return { report_id: doc.report_id, tables, text: prose, warnings, failures };
}

function isOcr(region: Region): boolean {
  return region.lines.some((l) => l.method === 'ocr');
}

/** A region becomes a table when it has a header or rows; a bare title (table of contents) does not. */
function toRawTable(region: Region): RawTable | null {
  const grid = buildGrid(region);
  const hasValues = grid.rows.some((r) => r.cells.some((c) => isMoney(c)));
  if (!grid.columns.length || (grid.headerLines === 0 && !hasValues)) return null;
  const pages = [...new Set([...region.lines.map((l) => l.page)])].sort((a, b) => a - b);
  const table: RawTable = {
    id: '',
    table_code: null,
    title: region.title,
    label: region.label,
    pages,
    unit_as_printed: grid.unit,
    columns: grid.columns.map((c) => c.label),
    panels: grid.panels,
    rows: grid.rows,
    empty: !hasValues,
    notes: [...grid.meta, ...region.notes],
  };
  table.table_code = tableCodeFor(table, isOcr(region));
  return table;
}
