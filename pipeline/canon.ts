/**
 * Canonical names of the national 部门决算 template (公开01–10表), shared by every stage.
 * See docs/data-contract.md for what each table holds.
 */

export interface TableSpec {
  table_code: string;
  table_name: string;
  /** Canonical measures in the template's column order. */
  measures: string[];
  /** Measures some provinces print beyond the national template (an extension of the contract). */
  extra_measures?: string[];
  /** How rows are keyed: by 行次 (two-sided summary tables), by subject code, or by name. */
  keyed_by: 'line_no' | 'item_code' | 'item_name';
}

export const TABLES: Record<string, TableSpec> = {
  '01': { table_code: '01', table_name: '收入支出决算总表', measures: ['金额'], keyed_by: 'line_no' },
  '02': {
    table_code: '02',
    table_name: '收入决算表',
    measures: ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'],
    keyed_by: 'item_code',
  },
  '03': {
    table_code: '03',
    table_name: '支出决算表',
    measures: ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
    extra_measures: ['人员经费', '公用经费'],
    keyed_by: 'item_code',
  },
  '04': {
    table_code: '04',
    table_name: '财政拨款收入支出决算总表',
    measures: ['金额', '合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'],
    keyed_by: 'line_no',
  },
  '05': { table_code: '05', table_name: '一般公共预算财政拨款支出决算表', measures: ['本年支出合计', '基本支出', '项目支出'], extra_measures: ['人员经费', '公用经费'], keyed_by: 'item_code' },
  '06': { table_code: '06', table_name: '一般公共预算财政拨款基本支出决算表', measures: ['决算数'], keyed_by: 'item_code' },
  '07': {
    table_code: '07',
    table_name: '政府性基金预算财政拨款收入支出决算表',
    measures: ['年初结转和结余', '本年收入', '本年支出合计', '基本支出', '项目支出', '年末结转和结余'],
    extra_measures: ['人员经费', '公用经费'],
    keyed_by: 'item_code',
  },
  '08': {
    table_code: '08',
    table_name: '国有资本经营预算财政拨款支出决算表',
    measures: ['本年支出合计', '基本支出', '项目支出'],
    // Shanghai prints 08 like 07 (收入支出 with 年初/年末结转和结余).
    extra_measures: ['年初结转和结余', '本年收入', '年末结转和结余', '人员经费', '公用经费'],
    keyed_by: 'item_code',
  },
  '09': { table_code: '09', table_name: '财政拨款“三公”经费支出决算表', measures: ['年初预算数', '全年预算数', '决算数'], keyed_by: 'item_name' },
  '10': { table_code: '10', table_name: '国有资产占用情况表', measures: ['决算数'], keyed_by: 'item_name' },
};

/** Tables every 决算 is expected to publish. */
export const REQUIRED_TABLES = ['01', '02', '03', '04', '05', '06', '07', '08', '09'];

/** Canonical 三公 item names of table 09, in template order. */
export const SANGONG_ITEMS = [
  '合计',
  '因公出国（境）费',
  '公务用车购置及运行维护费',
  '公务用车购置费',
  '公务用车运行维护费',
  '公务接待费',
  '国内接待费',
  '国（境）外接待费',
];

export type ColumnRole = 'label' | 'line' | 'value' | 'empty';

/**
 * What a table column holds, from the last part of its header label: row labels (项目,
 * 科目编码, 类/款/项, 科目名称), the 行次, or values. Shared by parse (to band panels) and
 * normalise (to read rows).
 */
export function columnRole(label: string): ColumnRole {
  const leaf = label.split('/').pop() ?? '';
  if (!leaf) return 'empty';
  if (/^(行次|栏次)$/.test(leaf)) return 'line';
  if (/项目$|科目|名称|编码|代码|^类$|^款$|^项$|功能分|经济分|^收入$|^支出$/.test(leaf) && !/支出$|收入$|合计|决算数|金额|预算数|结余/.test(leaf.replace(/^(收入|支出)$/, ''))) {
    return 'label';
  }
  return 'value';
}

/** Split columns into panels: a new panel starts where a label column follows a value column. */
export function panelsOf(columns: { label: string }[]): number[][] {
  const panels: number[][] = [];
  let current: number[] = [];
  let seenValue = false;
  columns.forEach((c, i) => {
    const role = columnRole(c.label);
    if (role === 'label' && seenValue) {
      panels.push(current);
      current = [];
      seenValue = false;
    }
    if (role === 'value') seenValue = true;
    current.push(i);
  });
  if (current.length) panels.push(current);
  return panels;
}


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

