/**
 * The national template's 行次 numbering for tables 01 and 04, used where a report prints no
 * 行次 column (the contract keys both tables by line_no). Expenditure lines follow the 26
 * function classes (类) in template order.
 */
import { CLASS_ORDER } from '../canon.ts';

export { CLASS_ORDER } from '../canon.ts';

/** First expenditure line: 01 → 32, 04 → 33. */
const EXPENDITURE_START: Record<string, number> = { '01': 32, '04': 33 };

/** Income and closing lines by name (whitespace-free, NFKC). Order matters: specific first. */
const NAMED_LINES: Record<string, [RegExp, number][]> = {
  '01': [
    [/一般公共预算财政拨款(收入)?$/, 1],
    [/政府性基金预算财政拨款(收入)?$/, 2],
    [/国有资本经营预算财政拨款(收入)?$/, 3],
    [/上级补助收入$/, 4],
    [/事业收入$/, 5],
    [/经营收入$/, 6],
    [/附属单位上缴收入$/, 7],
    [/其他收入$/, 8],
    [/本年收入合计$/, 27],
    [/使用非财政拨款结余/, 28],
    [/年初结转和结余$/, 29],
    [/本年支出合计$/, 58],
    [/结余分配$/, 59],
    [/年末结转和结余$/, 60],
  ],
  '04': [
    [/本年收入合计$/, 27],
    [/年初财政拨款结转和结余$|年初结转和结余$/, 28],
    [/本年支出合计$/, 59],
    [/年末财政拨款结转和结余$|年末结转和结余$/, 60],
  ],
};

const FUND_LINES_04 = [/一般公共预算财政拨款(收入)?$/, /政府性基金预算财政拨款(收入)?$/, /国有资本经营预算财政拨款(收入)?$/];

function clean(name: string): string {
  return name.normalize('NFKC').replace(/\s/g, '').replace(/^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])/, '');
}

/**
 * Template line for a row label of table 01/04. `side` says which half the label is on;
 * `afterOpening` is true once 04's 年初财政拨款结转和结余 has been seen (its three fund
 * lines 29–31 repeat the names of lines 1–3).
 */
export function templateLine(table: string, side: 'income' | 'expenditure', label: string, afterOpening = false): number | null {
  const name = clean(label);
  if (!name) return null;
  if (/^总计$/.test(name)) return side === 'income' ? (table === '01' ? 31 : 32) : table === '01' ? 62 : 64;
  if (side === 'expenditure') {
    const start = EXPENDITURE_START[table]!;
    const i = CLASS_ORDER.findIndex((c) => c.names.some((n) => n === name || n.replace(/支出$/, '') === name.replace(/支出$/, '')));
    if (i >= 0) return start + i;
  }
  if (table === '04' && side === 'income') {
    const fund = FUND_LINES_04.findIndex((re) => re.test(name));
    if (fund >= 0) return (afterOpening ? 29 : 1) + fund;
  }
  for (const [re, line] of NAMED_LINES[table] ?? []) if (re.test(name)) return line;
  return null;
}

/** Which side a template line is on. */
export function sideOfLine(table: string, line: number): 'income' | 'expenditure' {
  return line < EXPENDITURE_START[table]! ? 'income' : 'expenditure';
}
