/**
 * Recognising the standard tables by their title or their 公开NN表 label. The wordings are
 * template data (pipeline/templates/, `TableSpec.titles` / `title_patterns`), over every
 * family the pipeline knows: 决算 01–10 and 预算 B01–B09.
 */
import { recogniseTitle, squeeze } from '../templates/index.ts';
import { tolerantTitle } from './fuzzy-title.ts';

export { squeeze };

/**
 * The table a title line names, or null. Prose about a table (…情况说明) is not a title.
 * `tolerant` (OCR'd lines): a wording with a misread character or two still counts.
 */
export function tableCodeFromTitle(text: string, tolerant = false): string | null {
  return tolerant ? (tolerantTitle(text)?.code ?? null) : recogniseTitle(text);
}

/**
 * A table title any report family prints ends in 表, perhaps with a short qualifier: 财政拨款支出预算表（功能科目）
 * (its brackets perhaps lost to OCR).
 */
const GENERIC_TITLE_END = /表([(（][^()（）]{1,14}[)）]?|(按)?(功能|经济)(科目|分类))?$/;
/** What a table of a budget or final-accounts report is about; a title without any of these words names no money table. */
const MONEY_TABLE_WORD = /预算|决算|收支|收入|支出|经费|资产|采购|项目|绩效|财政|拨款/;
/** Longest title (after the label, year and department are counted in) that is still a title line. */
const MAX_GENERIC_TITLE_CHARS = 60;
/** Leading numbering of a title: '附表1：', '表一、', '（一）', '1.'. */
const TITLE_NUMBERING = /^(附表|表)?[\d一二三四五六七八九十]{1,3}[:：、.．]?|^[(（][\d一二三四五六七八九十]{1,3}[)）]/;

/**
 * Whether a line is the title of a table, known or not: short, not a sentence, ending in 表 and
 * naming something a budget or final-accounts table holds. Table-of-contents entries (ending in
 * a page number or dot leaders) and section headings are not titles.
 */
export function isTableTitle(text: string): boolean {
  const t = squeeze(text).replace(/[（(]?公开\d{1,2}表[)）]?/g, '').replace(TITLE_NUMBERING, '');
  if (t.length < 4 || t.length > MAX_GENERIC_TITLE_CHARS) return false;
  if (/说明|反映|注[:：]|情况如下|详见|见附|目录|[。，；;,…]|\.{2}|^第[一二三四五六七八九十]+部分/.test(t)) return false;
  return GENERIC_TITLE_END.test(t) && MONEY_TABLE_WORD.test(t);
}

/** '公开01表', '公开 01 表', '公开表01', '表一' style labels → table code. */
export function tableCodeFromLabel(text: string): string | null {
  const t = squeeze(text);
  const m = /公开(?:表)?(\d{1,2})表?/.exec(t);
  if (m) return m[1]!.padStart(2, '0');
  return null;
}

/** Whether a table title says it continues from the previous page. */
export function isContinuationTitle(text: string): boolean {
  return /[（(]续[)）]|续表/.test(text);
}
