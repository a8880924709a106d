/**
 * Parse stage: `pages.json` → `tables.json`. Finds the standard tables, rebuilds each as
 * columns (with header labels) and rows of cells, stitched across pages, and keeps the prose
 * for metadata and narrative figures. Values stay as printed; normalise interprets them.
 */
import type { ExtractedDoc, ParsedDoc, RawTable } from '../types.ts';
import { buildGrid, isMoney } from './grid.ts';
import { segment, type Region } from './segment.ts';

export { segment } from './segment.ts';
export { buildGrid } from './grid.ts';

export function parse(doc: ExtractedDoc): ParsedDoc {
  const { regions, prose } = segment(doc.pages);
  const warnings: string[] = [];
  const byCode = new Map<string, RawTable>();
  for (const region of regions) {
    const table = toRawTable(region);
    if (!table) continue;
    const prev = byCode.get(table.table_code);
    if (!prev) byCode.set(table.table_code, table);
    else if (valueCount(table) > valueCount(prev)) {
      warnings.push(`table ${table.table_code} appears twice (pages ${prev.pages.join(',')} and ${table.pages.join(',')}); kept the fuller one`);
      byCode.set(table.table_code, table);
    }
  }
  const tables = [...byCode.values()].sort((a, b) => a.table_code.localeCompare(b.table_code));
  return { report_id: doc.report_id, tables, text: prose, warnings };
}

function valueCount(t: RawTable): number {
  return t.rows.reduce((n, r) => n + r.cells.filter((c) => isMoney(c)).length, 0);
}

/** A region becomes a table when it has a header or rows; a bare title (table of contents) does not. */
function toRawTable(region: Region): RawTable | null {
  const grid = buildGrid(region);
  const hasValues = grid.rows.some((r) => r.cells.some((c) => isMoney(c)));
  if (!grid.columns.length || (grid.headerLines === 0 && !hasValues)) return null;
  const pages = [...new Set([...region.lines.map((l) => l.page)])].sort((a, b) => a - b);
  return {
    table_code: region.table_code,
    title: region.title,
    pages,
    unit_as_printed: grid.unit,
    columns: grid.columns.map((c) => c.label),
    panels: grid.panels,
    rows: grid.rows,
    empty: !hasValues,
    notes: [...grid.meta, ...region.notes],
  };
}
