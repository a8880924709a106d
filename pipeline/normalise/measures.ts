/**
 * Column header → canonical measure, per table. Header wording varies (决算数/金额,
 * 小计/合计, 本年支出/合计), so each table has an ordered list of patterns tried against the
 * column's lowest header cell first and its whole label path second.
 */

type Rule = [RegExp, string];

const EXPENDITURE_TOTAL: Rule[] = [
  [/年初.*结转.*结余|年初结余/, '年初结转和结余'],
  // Some provinces split 基本支出 into 人员经费 | 公用经费: kept as measures of their own.
  [/人员经费/, '人员经费'],
  [/公用经费/, '公用经费'],
  [/年末.*结转.*结余|年末结余/, '年末结转和结余'],
  [/基本支出/, '基本支出'],
  [/项目支出/, '项目支出'],
  [/^本年收入(合计)?$|^收入$/, '本年收入'],
  [/合计|小计|^本年支出$|^支出$/, '本年支出合计'],
];

const RULES: Record<string, Rule[]> = {
  '01': [[/金额|决算数|决算$|数$/, '金额']],
  '02': [
    [/财政拨/, '财政拨款收入'],
    [/上级补/, '上级补助收入'],
    [/事业收/, '事业收入'],
    [/经营收/, '经营收入'],
    [/附属单/, '附属单位上缴收入'],
    [/其他收/, '其他收入'],
    [/合计|小计|^本年收入$/, '本年收入合计'],
  ],
  '03': [
    [/人员经费/, '人员经费'],
    [/公用经费/, '公用经费'],
    [/基本支出/, '基本支出'],
    [/项目支出/, '项目支出'],
    [/上缴上级/, '上缴上级支出'],
    [/经营支/, '经营支出'],
    [/附属单位/, '对附属单位补助支出'],
    [/合计|小计|^本年支出$/, '本年支出合计'],
  ],
  '04': [
    [/一般公共预算|公共预算/, '一般公共预算财政拨款'],
    [/政府性基金|基金预算/, '政府性基金预算财政拨款'],
    [/国有资本|资本经营/, '国有资本经营预算财政拨款'],
    [/合计|小计/, '合计'],
    [/金额|决算数|决算$/, '金额'],
  ],
  '05': EXPENDITURE_TOTAL,
  '06': [[/决算数|金额|决算$|^合计$/, '决算数']],
  '07': EXPENDITURE_TOTAL,
  '08': EXPENDITURE_TOTAL,
  '09': [
    [/年初预算/, '年初预算数'],
    [/全年预算|调整后预算/, '全年预算数'],
    [/^预算数?$|预算数$/, '预算数'],
    [/决算/, '决算数'],
  ],
  '10': [[/决算数|数量|合计|金额|^数$/, '决算数']],
};

/** The canonical measure of a value column, or null when the header is not recognised. */
export function measureFor(table: string, label: string): string | null {
  const parts = label.split('/').filter(Boolean);
  const leaf = parts[parts.length - 1] ?? '';
  const rules = RULES[table] ?? [];
  // '小计'/'合计' under a group is that group's total: 基本支出/小计 is 基本支出, 本年支出/合计 is 本年支出合计.
  if (/^(小计|合计)$/.test(leaf) && parts.length >= 2) {
    // …unless the group is only the generic 决算数/金额 over 04's fund columns (决算数/合计 is 合计).
    const parent = rules.find(([re]) => re.test(parts[parts.length - 2]!))?.[1];
    if (parent && parent !== '金额' && parent !== '决算数') return parent;
  }
  for (const [re, m] of rules) if (re.test(leaf)) return m;
  for (const [re, m] of rules) if (re.test(label)) return m;
  return null;
}

/**
 * Table 09 prints one 预算数 column in most layouts; which budget it is follows the table's
 * note or the report's prose (全年预算 vs 年初预算). Without a statement, 年初预算数.
 */
export function resolveBudgetMeasure(notes: string[]): '年初预算数' | '全年预算数' {
  const text = notes.join('').replace(/\s/g, '');
  if (/全年预算|调整后预算/.test(text) && !/年初预算/.test(text)) return '全年预算数';
  return '年初预算数';
}
