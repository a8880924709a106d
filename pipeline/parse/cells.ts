/**
 * What a table line or cell holds, from its text: amounts, subject codes, enumerated row
 * labels, totals, the 栏次 stub. Shared by the header/body split, columns and rows.
 */
import type { Line } from './lines.ts';

/** Money as printed: 1,234.56 / 1234.5 / -12.00 / 1,234 (thousands separators make it money). */
export const MONEY = /^[-−–]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[-−–]?\.\d+$/;
export const DECIMAL = /\d\.\d/;
/** Subject code, whole ('2080505') or split by spaces ('208 05 05'). */
export const CODE = /^\d{3}(\s?\d{2}){0,2}$/;
export const ENUMERATOR = /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、](?!\d))/;
export const DASH = /^[-—–]+$/;
export const TOTAL_LABEL = /^(合计|总计|小计|本年收入合计|本年支出合计|人员经费合计|公用经费合计)$/;
export const META = /单位[:：]|部门(名称)?[:：]|编制(单位|部门)|公开.{0,3}\d{1,2}.{0,2}表|^公开表[一二三四五六七八九十]{1,3}$|^\d{4}\s*年度?$|^\d{4}\s*年度|年度$|^[（(]?续[)）]?$/;
export const UNIT = /单位[:：]?\s*(亿元|万元|千元|元)/;
export function isMoney(text: string): boolean {
  return MONEY.test(text.replace(/\s/g, '').replace(/，/g, ','));
}

/** A line that belongs to the table's body rather than its header. */
export function isBodyLine(line: Line): boolean {
  const texts = line.cells.map((c) => c.text.replace(/\s/g, ''));
  if (texts.some((t) => isMoney(t) && (DECIMAL.test(t) || t.includes(',')))) return true;
  if (CODE.test(line.cells[0]?.text ?? '') && line.cells.length > 1) return true;
  // '合计' or '一、…' starts a body row, unless the line is a header ('合计 基本支出 项目支出').
  const first = texts[0] ?? '';
  const rowLike = (t: string) => isMoney(t) || DASH.test(t) || ENUMERATOR.test(t) || TOTAL_LABEL.test(t);
  if ((TOTAL_LABEL.test(first) || ENUMERATOR.test(first)) && texts.slice(1).every(rowLike)) return true;
  return false;
}

/** Sub-header lines that can share a row band with the first body row (类 | 款 | 项 over 合计). */
export function isHeaderOnlyLine(line: Line): boolean {
  const texts = line.cells.map((c) => c.text.replace(/\s/g, ''));
  // At least two of 类/款/项 (a lone '款' is the wrapped end of a label like 财政拨/款).
  const levels = texts.filter((t) => /^(类|款|项)$/.test(t)).length;
  return texts.every((t) => /^(类|款|项|栏次|\d{1,2})$/.test(t)) && (levels >= 2 || texts.includes('栏次'));
}

/**
 * Words a table header is made of, in any family (决算, 预算, 三公, 政府采购 …). A header line
 * holds at least one of them; a line of OCR debris ('次日 1111 立 钡') holds none.
 */
const HEADER_VOCABULARY = /项目|行次|栏次|金额|合计|小计|总计|支出|收入|预算|决算|拨款|经费|结转|结余|科目|编码|代码|名称|^[类款项]$|年初|年末|本年|上年|基金|资本|事业|经营|其他|附属|上缴|补助|功能|经济|分类|单位|部门|机关|人员|公用|三公|出国|接待|公务|车辆|购置|运行|会议|培训|采购|数量|资产|财政|一般|公共|基本|资金/;

/**
 * A header line of a text/HTML export that is noise: not the 栏次 line, and no cell with a
 * header word. It must not label a column. Only pre-split rows: on a page, the wrapped end of a
 * header word ('数' under 机关运行经费预算) is a line of its own and holds no whole word.
 */
export function isNoiseHeaderLine(line: Line): boolean {
  if (!line.grid || isStubLine(line) || !line.cells.length) return false;
  return !line.cells.some((c) => HEADER_VOCABULARY.test(c.text.replace(/\s/g, '')));
}

/** Words that only a header has; lines without them on a continuation page are body rows. */
export const HEADER_WORD = /项目|行次|金额|决算数|预算数|科目|编码|代码|栏次|单位/;

/**
 * The 栏次 line numbering the columns (栏次 | 1 | 2 | 3 …), with or without its label; some
 * templates put 类 | 款 | 项 on it, others call it 行次.
 */
export function isStubLine(line: Line): boolean {
  const texts = line.cells.map((c) => c.text.replace(/\s/g, ''));
  // OCR garbles part of the line ('栏次 1 栏欠 2 3'): a '栏次' with numbers and no header words is enough.
  if (texts.includes('栏次') && texts.some((t) => /^\d{1,2}$/.test(t)) && !texts.some((t) => /预算|决算|项目|金额|合计|支出|收入/.test(t))) return true;
  const labels = texts.filter((t) => /^(栏次|行次|类|款|项)$/.test(t));
  const nums = texts.filter((t) => /^\d{1,2}$/.test(t)).map(Number);
  if (labels.length + nums.length !== texts.length || !isAscending(nums)) return false;
  // A lone '栏次' line (text exports split the stub row) is one too.
  return labels.some((t) => /^(栏次|行次)$/.test(t)) || nums.length >= 3;
}

function isAscending(xs: number[]): boolean {
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!);
}

