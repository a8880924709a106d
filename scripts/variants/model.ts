/** Variant generator, part 1: the truth model, the national template's rows and titles, and the options a variant sets. */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

// ---------------------------------------------------------------- truth model

export interface Cell {
  table: string;
  code: string;
  line: string;
  name: string;
  measure: string;
  cents: number; // value in 分 (yuan × 100), integer
}

export function readTruth(path: string): Cell[] {
  const rows = parse(readFileSync(path, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
  return rows.map((r) => ({
    table: r.table_code.padStart(2, '0'),
    code: r.item_code ?? '',
    line: r.line_no ?? '',
    name: r.item_name ?? '',
    measure: r.measure,
    cents: Math.round(Number(r.value_yuan) * 100),
  }));
}

export type Unit = '元' | '千元' | '万元';
export const CENTS_PER_UNIT: Record<Unit, number> = { 元: 100, 千元: 100_000, 万元: 1_000_000 };

/** Printed with 2 decimals in the unit; returns the text and the value in cents it stands for. */
export function money(cents: number, unit: Unit, sep = true, whole = false): { text: string; cents: number } {
  const hundredths = Math.round((cents * 100) / CENTS_PER_UNIT[unit]);
  const back = (hundredths * CENTS_PER_UNIT[unit]) / 100;
  const neg = hundredths < 0;
  const abs = Math.abs(hundredths);
  let int = String(Math.floor(abs / 100));
  if (sep) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // whole: an amount without cents prints as an integer (budgets printed in whole 元: 4,212,300).
  const frac = whole && abs % 100 === 0 ? '' : `.${String(abs % 100).padStart(2, '0')}`;
  return { text: `${neg ? '-' : ''}${int}${frac}`, cents: back };
}

// ---------------------------------------------------------------- templates

export const INCOME_01: Record<number, string> = {
  1: '一、一般公共预算财政拨款收入', 2: '二、政府性基金预算财政拨款收入', 3: '三、国有资本经营预算财政拨款收入',
  4: '四、上级补助收入', 5: '五、事业收入', 6: '六、经营收入', 7: '七、附属单位上缴收入', 8: '八、其他收入',
  27: '本年收入合计', 28: '使用非财政拨款结余（含专用结余）', 29: '年初结转和结余', 31: '总计',
};
export const FUNCS = ['一般公共服务支出', '外交支出', '国防支出', '公共安全支出', '教育支出', '科学技术支出', '文化旅游体育与传媒支出',
  '社会保障和就业支出', '卫生健康支出', '节能环保支出', '城乡社区支出', '农林水支出', '交通运输支出', '资源勘探工业信息等支出',
  '商业服务业等支出', '金融支出', '援助其他地区支出', '自然资源海洋气象等支出', '住房保障支出', '粮油物资储备支出',
  '国有资本经营预算支出', '灾害防治及应急管理支出', '其他支出', '债务还本支出', '债务付息支出', '抗疫特别国债安排的支出'];
export const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七',
  '十八', '十九', '二十', '二十一', '二十二', '二十三', '二十四', '二十五', '二十六'];
export const EXP_01: Record<number, string> = { 58: '本年支出合计', 59: '结余分配', 60: '年末结转和结余', 62: '总计' };
FUNCS.forEach((f, i) => (EXP_01[32 + i] = `${CN_NUM[i]}、${f}`));
export const INCOME_04: Record<number, string> = {
  1: '一、一般公共预算财政拨款', 2: '二、政府性基金预算财政拨款', 3: '三、国有资本经营预算财政拨款',
  27: '本年收入合计', 28: '年初财政拨款结转和结余', 29: '一、一般公共预算财政拨款', 30: '二、政府性基金预算财政拨款',
  31: '三、国有资本经营预算财政拨款', 32: '总计',
};
export const EXP_04: Record<number, string> = { 59: '本年支出合计', 60: '年末财政拨款结转和结余', 64: '总计' };
FUNCS.forEach((f, i) => (EXP_04[33 + i] = `${CN_NUM[i]}、${f}`));

export const MEASURES: Record<string, string[]> = {
  '02': ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'],
  '03': ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
  '05': ['本年支出合计', '基本支出', '项目支出'],
  '07': ['年初结转和结余', '本年收入', '本年支出合计', '基本支出', '项目支出', '年末结转和结余'],
  '08': ['本年支出合计', '基本支出', '项目支出'],
};
export const FUNDS_04 = ['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];

export const TITLES: Record<string, string> = {
  '01': '收入支出决算总表', '02': '收入决算表', '03': '支出决算表', '04': '财政拨款收入支出决算总表',
  '05': '一般公共预算财政拨款支出决算表', '06': '一般公共预算财政拨款基本支出决算表',
  '07': '政府性基金预算财政拨款收入支出决算表', '08': '国有资本经营预算财政拨款支出决算表',
  '09': '财政拨款“三公”经费支出决算表',
};
export const NOTES: Record<string, string> = {
  '01': '注：本表反映部门（单位）本年度的总收支和年末结转结余情况。',
  '02': '注：本表反映部门（单位）本年度取得的各项收入情况。',
  '03': '注：本表反映部门（单位）本年度各项支出情况。',
  '04': '注：本表反映部门（单位）本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款的总收支和年末结转结余情况。',
  '05': '注：本表反映部门（单位）本年度一般公共预算财政拨款支出情况。',
  '06': '注：本表反映部门（单位）本年度一般公共预算财政拨款基本支出明细情况。',
  '07': '注：本表反映部门（单位）本年度政府性基金预算财政拨款收入、支出及结转和结余情况。',
  '08': '注：本表反映部门（单位）本年度国有资本经营预算财政拨款支出情况。',
  '09': '注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。全年预算数为按规定程序调整调剂后的全年“三公”经费部门预算数；决算数为当年实际支出数。',
};

/** Plausible 功能分类 subjects for the long-table variant (类 → 款 → 项). */
export const SUBJECTS: Record<string, [string, string, [string, string][]][]> = {
  '201': [
    ['20103', '政府办公厅（室）及相关机构事务', [['2010301', '行政运行'], ['2010302', '一般行政管理事务'], ['2010350', '事业运行'], ['2010399', '其他政府办公厅（室）及相关机构事务支出']]],
    ['20105', '统计信息事务', [['2010501', '行政运行'], ['2010502', '一般行政管理事务'], ['2010505', '专项统计业务'], ['2010507', '专项普查活动'], ['2010508', '统计抽样调查'], ['2010550', '事业运行'], ['2010599', '其他统计信息事务支出']]],
  ],
  '208': [
    ['20801', '人力资源和社会保障管理事务', [['2080101', '行政运行'], ['2080102', '一般行政管理事务'], ['2080104', '综合业务管理'], ['2080106', '就业管理事务'], ['2080107', '社会保险业务管理事务'], ['2080109', '社会保险经办机构'], ['2080199', '其他人力资源和社会保障管理事务支出']]],
    ['20805', '行政事业单位养老支出', [['2080501', '行政单位离退休'], ['2080502', '事业单位离退休'], ['2080503', '离退休人员管理机构'], ['2080505', '机关事业单位基本养老保险缴费支出'], ['2080506', '机关事业单位职业年金缴费支出'], ['2080599', '其他行政事业单位养老支出']]],
    ['20808', '抚恤', [['2080801', '死亡抚恤'], ['2080899', '其他优抚支出']]],
  ],
  '210': [
    ['21001', '卫生健康管理事务', [['2100101', '行政运行'], ['2100102', '一般行政管理事务'], ['2100103', '机关服务'], ['2100199', '其他卫生健康管理事务支出']]],
    ['21004', '公共卫生', [['2100401', '疾病预防控制机构'], ['2100402', '卫生监督机构'], ['2100408', '基本公共卫生服务'], ['2100409', '重大公共卫生服务'], ['2100499', '其他公共卫生支出']]],
    ['21011', '行政事业单位医疗', [['2101101', '行政单位医疗'], ['2101102', '事业单位医疗'], ['2101103', '公务员医疗补助'], ['2101199', '其他行政事业单位医疗支出']]],
    ['21015', '医疗保障管理事务', [['2101501', '行政运行'], ['2101502', '一般行政管理事务'], ['2101503', '机关服务'], ['2101504', '信息化建设'], ['2101505', '医疗保障政策管理'], ['2101506', '医疗保障经办事务'], ['2101550', '事业运行'], ['2101599', '其他医疗保障管理事务支出']]],
  ],
  '221': [
    ['22101', '保障性安居工程支出', [['2210105', '农村危房改造'], ['2210199', '其他保障性安居工程支出']]],
    ['22102', '住房改革支出', [['2210201', '住房公积金'], ['2210202', '提租补贴'], ['2210203', '购房补贴']]],
  ],
};

// ---------------------------------------------------------------- options

export interface Opts {
  borders: boolean;
  unit: Unit;
  tableUnit: Partial<Record<string, Unit>>;
  splitCodes: boolean;
  /**
   * How the code cells print: 'own' (with splitCodes) each row only its own segment, its
   * parents' cells blank (208 | | ; | 05 | ; | | 05); 'joined' code and name in one cell
   * ('2080505 机关事业单位基本养老保险缴费支出').
   */
  codeCells?: 'own' | 'joined';
  noLineNo: boolean; // 01/04 without 行次
  measure01: string; // header of 01's money columns
  t09: 'vertical' | 'horizontal';
  titles: 'label' | 'paren' | 'nolabel';
  title06?: string;
  title09?: string;
  long: boolean; // 02/03/05 expanded to 40+ rows
  repeatHeader: boolean;
  narrow: boolean; // narrow name and value columns (wrapped names / headers)
  producer: 'chromium' | 'libreoffice';
  thousands: boolean;
  /** Amounts without cents print as integers (whole 元: 12,345,600). */
  whole?: boolean;
  padPt: number; // horizontal cell padding (points)
  landscape: boolean;
  fontPt: number; // table font size
}

export const DEFAULTS: Opts = {
  borders: true, unit: '万元', tableUnit: {}, splitCodes: false, noLineNo: false, measure01: '金额', t09: 'vertical',
  titles: 'label', long: false, repeatHeader: true, narrow: false, producer: 'chromium', thousands: true, padPt: 4, landscape: false, fontPt: 10,
};

export interface Variant { name: string; seed: '000' | '001'; notes: string; opts: Partial<Opts> }

