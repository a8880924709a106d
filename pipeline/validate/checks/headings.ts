/**
 * `meta.year_mismatch`: a table or report heading that names another fiscal year than the
 * report's ("2023年度部门决算表" inside a 2024 report), a sign of a copied template or of a
 * wrong fiscal_year.
 */
import { NOWHERE, type Ctx } from '../context.ts';

/** Headings are short; prose that mentions a year ("与2023年度相比…") runs longer. */
const MAX_HEADING_CHARS = 40;
/**
 * A heading names a 决算/预算 (the report or a table), or is a table's header line ("部门：…
 * 2024 年度 金额单位：万元"), or is a year on its own line, as tables print it under their title.
 */
const HEADING_WORD = /决算|预算|单位|部门|^(?:19|20)\d{2}年度?$/;
/** Sentence punctuation and comparison words mark prose that may rightly cite the previous year. */
const PROSE_MARK = /[，。；,;]|比|较|同期|上年|增加|减少|增长|下降|持平/;
const YEAR = /((?:19|20)\d{2})\s*年度/g;
/** A heading naming another year than the cover is a copied leftover, not a rounding matter. */
const YEAR_MISMATCH_SEVERITY = 'error' as const;

export function checkHeadingYears(ctx: Ctx, text: { page: number; lines: string[] }[]): void {
  const fiscal = ctx.doc.report.fiscal_year;
  if (fiscal == null || text.length === 0) return;
  const seen = new Set<string>();
  let headings = 0;
  for (const { page, lines } of text) {
    for (const line of lines) {
      const compact = line.replace(/\s+/g, '');
      if (compact.length > MAX_HEADING_CHARS || !HEADING_WORD.test(compact) || PROSE_MARK.test(compact)) continue;
      for (const m of line.matchAll(YEAR)) {
        const year = Number(m[1]);
        headings += 1;
        if (year === fiscal || seen.has(`${page}:${year}`)) continue;
        seen.add(`${page}:${year}`);
        ctx.record('meta.year_mismatch', false, {
          severity: YEAR_MISMATCH_SEVERITY,
          ...NOWHERE,
          page,
          message: `heading "${compact}" on page ${page} names ${year}年度, but the report's fiscal year is ${fiscal}; check fiscal_year or whether a table is from another year`,
        });
      }
    }
  }
  // One passing evaluation when every heading agreed, so the check shows as run.
  if (headings > 0 && seen.size === 0) ctx.record('meta.year_mismatch', true);
}
