/**
 * The one place a parsed table gets its canonical table_code. Every table the parser finds is
 * kept, known or not; this maps it onto a template's table, or returns null (the table stays in
 * `cells` with table_code NULL). Today: the templates' titles (pipeline/templates/), else the
 * 公开NN表 label. Content-based classification (budget tables by columns and codes, older 决算
 * layouts) plugs in here and nowhere else.
 */
import { tableSpec } from '../templates/index.ts';
import type { RawTable } from '../types.ts';
import { isTableTitle, squeeze, tableCodeFromLabel, tableCodeFromTitle } from './titles.ts';

/** What the classifier may look at: the table as rebuilt from geometry. */
export type ClassifiableTable = Pick<RawTable, 'title' | 'label' | 'columns' | 'rows' | 'unit_as_printed'>;

/** `tolerant`: the title was read by OCR, so a misread character or two is allowed. */
export function tableCodeFor(table: ClassifiableTable, tolerant = false): string | null {
  const byTitle = tableCodeFromTitle(table.title, tolerant);
  if (byTitle) return byTitle;
  // A table with a title of its own that is no 决算 title (a budget's 收支预算总表 labelled
  // 公开01表) is not 决算 table 01 whatever its label says.
  if (isTableTitle(table.title) && !/决算/.test(squeeze(table.title))) return null;
  const byLabel = tableCodeFromLabel(table.label ?? table.title);
  return byLabel && tableSpec(byLabel) ? byLabel : null;
}
