/**
 * The template registry: every report family the pipeline knows, and the look-ups stages use
 * instead of literal table codes (which table a title names, a table's spec, the template a
 * report follows). To add a family, write its file next to this one and list it in TEMPLATES
 * (docs/templates.md).
 */
import { BUDGET } from './budget.ts';
import { JUESUAN_2024 } from './juesuan-2024.ts';
import type { ReportTemplate, TableSpec } from './types.ts';

export type { CellRef, Identities, KeyedBy, LineTemplate, MeasureRule, ReportTemplate, TableSpec } from './types.ts';
export { CLASS_ORDER, SANGONG_ITEMS, SANGONG_SUMS, classCodeOfName } from './classes.ts';
export { JUESUAN_2024, JUESUAN_ROLES, LINES_01, LINES_04 } from './juesuan-2024.ts';
export { BUDGET } from './budget.ts';
export { NARRATIVE_JUESUAN_2024 } from './narrative-juesuan-2024.ts';
export type { NarrativeCell, NarrativeMeasureKind, NarrativeSection } from './narrative-juesuan-2024.ts';

/** Every known family; the 决算 template first (its table codes are the contract's oldest). */
export const TEMPLATES: ReportTemplate[] = [JUESUAN_2024, BUDGET];

/** The template a report of this kind follows; 决算 when the kind is unknown (the default family). */
export function templateForKind(kind: string | null | undefined): ReportTemplate {
  return TEMPLATES.find((t) => t.report_kind === kind) ?? JUESUAN_2024;
}

/** The template that defines a table code ('05' → 决算, 'B05' → 预算). */
export function templateOf(code: string | null | undefined): ReportTemplate | undefined {
  return code ? TEMPLATES.find((t) => code in t.tables) : undefined;
}

/** A table's spec, or undefined for a code no template defines (or a table mapped to none). */
export function tableSpec(code: string | null | undefined): TableSpec | undefined {
  return templateOf(code)?.tables[code!];
}

/** A title line is short: the title plus at most a department, a year and a label. */
const MAX_TITLE_EXTRA_CHARS = 40;
/**
 * After the title only a short qualifier may follow: （按功能分类）, （功能科目）. OCR often drops
 * a thin bracket: the closing one may be missing, and a classification qualifier may have lost both.
 */
const QUALIFIER = /^([(（][^)）]{0,12}[)）]?|(按)?(功能|经济)(科目|分类))?$/;
const TRAILING_QUALIFIER = /[(（][^)）]{0,12}[)）]?$|(按)?(功能|经济)(科目|分类)$/;

/** Squeeze out what varies between printings: spaces, quotes, brackets around 三公, （续）. */
export function squeeze(text: string): string {
  return text.replace(/[\s"“”'‘’「」『』]/g, '').replace(/[（(]续[)）]/g, '');
}

/**
 * The report kind a (squeezed) title states: 决算 anywhere, else a 预算…表 ending, else none
 * (决算 titles say 预算 too: 一般公共预算财政拨款支出决算表).
 */
export function titleKind(t: string): '决算' | '预算' | null {
  if (/决算/.test(t)) return '决算';
  return /预算[^表]{0,4}表$/.test(t) ? '预算' : null;
}

/**
 * The table a title line names, over every template, or null. Titles vary by province and
 * year, so each table has several wordings; the longest match wins because shorter titles are
 * suffixes of longer ones (支出决算表 ⊂ 一般公共预算财政拨款支出决算表). Prose about a table
 * (…情况说明) is not a title.
 */
export function recogniseTitle(text: string): string | null {
  const t = squeeze(text).replace(/[（(]公开\d{1,2}表[)）]|公开\d{1,2}表$/, '');
  if (/说明|反映|注[:：]|情况如下|详见/.test(t)) return null;
  let best: { code: string; length: number } | null = null;
  for (const template of TEMPLATES) {
    if (template.title_excludes?.test(t)) continue;
    for (const spec of Object.values(template.tables)) {
      const length = matchLength(t, spec);
      if (length > (best?.length ?? 0)) best = { code: spec.table_code, length };
    }
  }
  return best?.code ?? null;
}

/** Length of the longest wording of `spec` that ends the title (before a qualifier), else 0. */
function matchLength(t: string, spec: TableSpec): number {
  if (spec.title_excludes?.test(t.replace(TRAILING_QUALIFIER, ''))) return 0;
  let best = 0;
  for (const title of spec.titles) {
    const at = t.lastIndexOf(title);
    if (at < 0 || at > MAX_TITLE_EXTRA_CHARS || !QUALIFIER.test(t.slice(at + title.length))) continue;
    best = Math.max(best, title.length);
  }
  for (const re of spec.title_patterns ?? []) {
    const body = t.replace(TRAILING_QUALIFIER, '');
    const m = re.exec(body);
    if (!m || m.index > MAX_TITLE_EXTRA_CHARS) continue;
    best = Math.max(best, m[0].length);
  }
  return best;
}
