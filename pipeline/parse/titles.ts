/**
 * Recognising the standard tables (公开01–10表) by their title or their 公开NN表 label.
 * Titles vary by province and year (…决算表 / …决算明细表, “三公” with or without quotes,
 * 收支 for 收入支出), so each table has several patterns; the longest match wins because
 * shorter titles are suffixes of longer ones (支出决算表 ⊂ 一般公共预算财政拨款支出决算表).
 */

const TITLE_PATTERNS: [string, string][] = [
  ['01', '收入支出决算总表'],
  ['01', '收支决算总表'],
  ['02', '收入决算表'],
  ['03', '支出决算表'],
  ['04', '财政拨款收入支出决算总表'],
  ['04', '财政拨款收支决算总表'],
  ['05', '一般公共预算财政拨款支出决算表'],
  ['05', '一般公共预算财政拨款支出决算明细表'],
  ['05', '一般公共预算支出决算表'],
  ['06', '一般公共预算财政拨款基本支出决算表'],
  ['06', '一般公共预算财政拨款基本支出决算明细表'],
  ['06', '基本支出决算明细表'],
  ['06', '一般公共预算基本支出决算表'],
  ['07', '政府性基金预算财政拨款收入支出决算表'],
  ['07', '政府性基金预算财政拨款支出决算表'],
  ['07', '政府性基金预算财政拨款收支决算表'],
  ['08', '国有资本经营预算财政拨款支出决算表'],
  ['08', '国有资本经营预算财政拨款收入支出决算表'],
  ['08', '国有资本经营预算财政拨款收支决算表'],
  ['09', '三公经费支出决算表'],
  ['09', '三公经费财政拨款支出决算表'],
  ['09', '三公经费决算表'],
  ['10', '国有资产占用情况表'],
].sort((a, b) => b[1].length - a[1].length) as [string, string][];

/** A title line is short: the title plus at most a department, a year and a label. */
const MAX_TITLE_EXTRA_CHARS = 40;

/** Squeeze out what varies between printings: spaces, quotes, brackets around 三公. */
export function squeeze(text: string): string {
  return text.replace(/[\s"“”'‘’「」『』]/g, '').replace(/[（(]续[)）]/g, '');
}

/** The table a title line names, or null. Prose about a table (…情况说明) is not a title. */
export function tableCodeFromTitle(text: string): string | null {
  const t = squeeze(text).replace(/[（(]公开\d{1,2}表[)）]|公开\d{1,2}表$/, '');
  if (/说明|反映|注[:：]|情况如下|详见/.test(t)) return null;
  for (const [code, pattern] of TITLE_PATTERNS) {
    const at = t.lastIndexOf(pattern);
    if (at < 0) continue;
    const after = t.slice(at + pattern.length);
    // Allow a trailing qualifier such as （按功能分类） or 公开01表, nothing longer.
    if (after && !/^([(（][^)）]{0,12}[)）])?$/.test(after)) continue;
    if (at > MAX_TITLE_EXTRA_CHARS) continue;
    return code;
  }
  return null;
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
