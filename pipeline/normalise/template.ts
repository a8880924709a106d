/**
 * A template's 行次 numbering for two-sided summary tables (决算 01 and 04), used where a
 * report prints no 行次 column (the contract keys both tables by line_no). Expenditure lines
 * follow the function classes (类) in template order. The numbers are template data
 * (templates/*.ts, `TableSpec.lines`).
 */
import { CLASS_ORDER, tableSpec } from '../templates/index.ts';

function clean(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s/g, '')
    .replace(/^[-—_.·,]+/, '') // OCR reads a cell border's fringe as a dash
    .replace(/^([一二三四五六七八九十]+[、.．,，]|[(（][一二三四五六七八九十]+[)）]|\d+[.、]|[^、]{1,3}、(?=\p{Script=Han}{3}))/u, '');
}

/**
 * OCR misreads a character of a class name ('一舱公共服务支出'), or two of a long one
 * ('一般公股公共服务支出'): the one class name within NAME_EDITS edits (NAME_EDITS_SHARE of
 * its length, for long names) of the label, when exactly one is, is the label's class. Class
 * names differ from each other by far more than that; the text layer always matches exactly first.
 */
const NAME_EDITS = 1;
const NAME_EDITS_SHARE = 0.25;
const NAME_EDITS_MIN_LENGTH = 4;

function nearestClass(name: string): number {
  if (name.length < NAME_EDITS_MIN_LENGTH) return -1;
  const forms = [name, withoutBareOrdinal(name)];
  const allowed = (n: string) => Math.max(NAME_EDITS, Math.floor(NAME_EDITS_SHARE * [...n].length));
  const near = CLASS_ORDER.map((c, i) => ({ i, d: Math.min(...c.names.flatMap((n) => forms.map((f) => editDistance(n, f) - allowed(n)))) }));
  const hits = near.filter((x) => x.d <= 0);
  return hits.length === 1 ? hits[0]!.i : -1;
}

/**
 * The label without an ordinal whose 、 OCR lost ('八社会保保障和就业支出'): a second form tried
 * against the class names, never the only one (一般公共服务支出 starts with 一 itself).
 */
function withoutBareOrdinal(name: string): string {
  return name.replace(/^[一二三四五六七八九十]{1,3}(?=\p{Script=Han}{4})/u, '');
}

/** Misreads a class name may carry when its printed ordinal names the same class: a share of its length. */
const ORDINAL_NAME_EDITS_SHARE = 0.4;
const NUMERALS = '一二三四五六七八九';

/** '九' → 9, '十三' → 13, '二十六' → 26; null for anything else. */
export function chineseOrdinal(s: string): number | null {
  const m = /^([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || !s) return null;
  const [, tens, ten, ones] = m;
  if (!ten) return tens && !ones ? NUMERALS.indexOf(tens) + 1 : null;
  return (tens ? NUMERALS.indexOf(tens) + 1 : 1) * 10 + (ones ? NUMERALS.indexOf(ones) + 1 : 0);
}

/**
 * The class a label's printed ordinal names (九、 → the ninth class: 01/04 print every class in
 * the template's order), when its name, misread beyond one character ('九、卫金健康文出'), is
 * still within ORDINAL_NAME_EDITS_SHARE of that class's name: two readings that agree.
 */
function classByOrdinal(label: string, name: string): number {
  const m = /^[-—_.·,\s]*([一二三四五六七八九十]{1,3})[、.．,，]/.exec(label.normalize('NFKC'));
  const n = m ? chineseOrdinal(m[1]!) : null;
  const cls = n ? CLASS_ORDER[n - 1] : undefined;
  if (!cls || name.length < NAME_EDITS_MIN_LENGTH) return -1;
  const d = Math.min(...cls.names.map((c) => editDistance(c, name)));
  return d <= Math.floor(ORDINAL_NAME_EDITS_SHARE * name.length) ? n! - 1 : -1;
}

/** Levenshtein distance, by code point. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]!;
}

/** Index in CLASS_ORDER of the 类 a label names: exactly, within a misread, or by its ordinal (-1: none). */
function classIndexOf(label: string, name: string): number {
  const exact = CLASS_ORDER.findIndex((c) => c.names.some((n) => n === name || n.replace(/支出$/, '') === name.replace(/支出$/, '')));
  const near = exact >= 0 ? exact : nearestClass(name);
  return near >= 0 ? near : classByOrdinal(label, name);
}

/**
 * The 类 code an OCR'd label of a summary table names ('八.社会保障和就业支出', '十其他支出',
 * '一舱公共服务支出'), read as tolerantly as the 行次 of a two-sided 决算 table; null for none.
 */
export function ocrClassCode(label: string): string | null {
  const name = clean(label);
  const i = name ? classIndexOf(label, name) : -1;
  return i >= 0 ? CLASS_ORDER[i]!.code : null;
}

/**
 * Template line for a row label of a two-sided table. `side` says which half the label is on;
 * `afterOpening` is true once 04's 年初财政拨款结转和结余 has been seen (its three fund lines
 * 29–31 repeat the names of lines 1–3).
 */
export function templateLine(table: string, side: 'income' | 'expenditure', label: string, afterOpening = false): number | null {
  const lines = tableSpec(table)?.lines;
  const name = clean(label);
  if (!lines || !name) return null;
  if (/^总计$/.test(name)) return side === 'income' ? lines.grand_income : lines.grand_expenditure;
  if (side === 'expenditure') {
    const i = classIndexOf(label, name);
    if (i >= 0) return lines.expenditure_start + i;
  }
  if (lines.fund_lines && side === 'income') {
    const fund = lines.fund_lines.patterns.findIndex((re) => re.test(name));
    if (fund >= 0) return (afterOpening ? lines.fund_lines.after_opening : lines.fund_lines.first) + fund;
  }
  for (const [re, line] of lines.named) if (re.test(name)) return line;
  return null;
}

/** Which side a template line is on. */
export function sideOfLine(table: string, line: number): 'income' | 'expenditure' {
  return line < tableSpec(table)!.lines!.expenditure_start ? 'income' : 'expenditure';
}
