/**
 * `narrative.mismatch`: a figure the report states in prose must agree with the table cell it
 * names (same table, row and measure).
 */
import { rowKeyOf, type Ctx } from '../context.ts';
import { fmt, stepFromText, yuan } from '../tolerance.ts';

/**
 * Two printed statements of the same figure that disagree: one is wrong and a reader cannot
 * tell which (docs/quality.md, severity policy). Used for facts.json written before claims
 * existed; checks/figure-claims.ts does the same with the sentence quoted.
 */
const MISMATCH_SEVERITY = 'error' as const;

export function checkNarrative(ctx: Ctx): void {
  for (const n of ctx.doc.narrative) {
    const key = rowKeyOf(n);
    if (key == null || n.value_yuan == null) continue;
    const cell = ctx.index.get(n.table_code, key, n.measure);
    if (!cell) continue;
    const said = yuan(n.value_yuan);
    const printed = yuan(cell.value_yuan);
    const diff = said.minus(printed).abs();
    if (diff.isZero()) {
      ctx.record('narrative.mismatch', true);
      continue;
    }
    // Prose often rounds further than the table ('0.3万元'): its own precision is the tolerance.
    const tol = stepFromText(n.value_text, n.unit_as_printed ?? ctx.doc.report.unit_as_printed);
    const rounding = diff.lte(tol);
    const row = [cell.item_code, cell.line_no != null ? `line ${cell.line_no}` : null, cell.item_name].filter(Boolean).join(' ');
    ctx.record('narrative.mismatch', rounding, {
      severity: rounding ? 'info' : MISMATCH_SEVERITY,
      table_code: cell.table_code,
      item_code: cell.item_code,
      line_no: cell.line_no,
      item_name: cell.item_name,
      measure: cell.measure,
      expected: fmt(printed),
      actual: fmt(said),
      page: n.page,
      message:
        `prose on page ${n.page} states "${n.value_text}" (${fmt(said)} 元) for ${cell.table_code} ${row} ${cell.measure}, ` +
        `the table prints ${fmt(printed)} 元 (page ${cell.page}); difference ${fmt(diff)} 元` +
        (rounding ? `, within the prose's rounding of ${fmt(tol)} 元` : ''),
    });
  }
}
