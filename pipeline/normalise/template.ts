/**
 * The national template's 行次 numbering for tables 01 and 04, used where a report prints no
 * 行次 column (the contract keys both tables by line_no). Expenditure lines follow the 26
 * function classes (类) in template order.
 */

/** 支出功能分类 类 in template order, with older names that some templates still print. */
export const CLASS_ORDER: { code: string; names: string[] }[] = [
  { code: '201', names: ['一般公共服务支出'] },
  { code: '202', names: ['外交支出'] },
  { code: '203', names: ['国防支出'] },
  { code: '204', names: ['公共安全支出'] },
  { code: '205', names: ['教育支出'] },
  { code: '206', names: ['科学技术支出'] },
  { code: '207', names: ['文化旅游体育与传媒支出', '文化体育与传媒支出'] },
  { code: '208', names: ['社会保障和就业支出'] },
  { code: '210', names: ['卫生健康支出', '医疗卫生与计划生育支出', '医疗卫生支出'] },
  { code: '211', names: ['节能环保支出'] },
  { code: '212', names: ['城乡社区支出'] },
  { code: '213', names: ['农林水支出'] },
  { code: '214', names: ['交通运输支出'] },
  { code: '215', names: ['资源勘探工业信息等支出', '资源勘探信息等支出'] },
  { code: '216', names: ['商业服务业等支出'] },
  { code: '217', names: ['金融支出'] },
  { code: '219', names: ['援助其他地区支出'] },
  { code: '220', names: ['自然资源海洋气象等支出', '国土海洋气象等支出'] },
  { code: '221', names: ['住房保障支出'] },
  { code: '222', names: ['粮油物资储备支出'] },
  { code: '223', names: ['国有资本经营预算支出'] },
  { code: '224', names: ['灾害防治及应急管理支出'] },
  { code: '229', names: ['其他支出'] },
  { code: '231', names: ['债务还本支出'] },
  { code: '232', names: ['债务付息支出'] },
  { code: '234', names: ['抗疫特别国债安排的支出'] },
];

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
