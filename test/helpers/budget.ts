/**
 * Budget-shaped reports of our own (部门预算, tables B01–B07 plus empty B08/B09), rendered as a
 * tab-separated text export or as HTML, in two orderings: Shanghai's (收支总表 first, 三公 last)
 * and a national/Jiangsu-like one (公开NN表 labels that number the tables differently, the
 * fund tables before 收入/支出总表, 三公 with 会议费/培训费). The figures add up (every
 * identity of the budget template holds) so a finding is a reading error.
 */

export interface BudgetTable {
  /** B-code the table should map to (for the test's expectations), null when none. */
  code: string | null;
  title: string;
  label?: string;
  unit?: string;
  header: string[][];
  rows: string[][];
  note?: string;
}

const fn = (rows: [string, string, string, string, ...string[]][]) => rows.map((r) => [...r]);

/** 功能分类 rows: 类 | 款 | 项 | name, then the values. */
const FUNCTION_ROWS = (values: (total: string, basic: string, project: string) => string[]) =>
  fn([
    ['', '', '', '合计', ...values('1,000,000.00', '800,000.00', '200,000.00')],
    ['201', '', '', '一般公共服务支出', ...values('800,000.00', '600,000.00', '200,000.00')],
    ['201', '06', '', '财政事务', ...values('800,000.00', '600,000.00', '200,000.00')],
    ['201', '06', '01', '行政运行', ...values('600,000.00', '600,000.00', '')],
    ['201', '06', '02', '一般行政管理事务', ...values('200,000.00', '', '200,000.00')],
    ['208', '', '', '社会保障和就业支出', ...values('200,000.00', '200,000.00', '')],
    ['208', '05', '', '行政事业单位养老支出', ...values('200,000.00', '200,000.00', '')],
    ['208', '05', '05', '机关事业单位基本养老保险缴费支出', ...values('200,000.00', '200,000.00', '')],
  ]);

const CODE_HEADER = ['类', '款', '项', '功能分类科目名称'];

export function budgetTables(order: 'shanghai' | 'national'): BudgetTable[] {
  const b01: BudgetTable = {
    code: 'B01',
    title: order === 'shanghai' ? '2025年部门财务收支预算总表' : '部门收支总表',
    header: [['项目', '预算数', '项目', '预算数']],
    rows: [
      ['一、财政拨款收入', '1,000,000.00', '一、一般公共服务支出', '800,000.00'],
      ['1. 一般公共预算资金', '1,000,000.00', '二、社会保障和就业支出', '200,000.00'],
      ['二、事业收入', '', '', ''],
      ['收入总计', '1,000,000.00', '支出总计', '1,000,000.00'],
    ],
  };
  const b02: BudgetTable = {
    code: 'B02',
    title: order === 'shanghai' ? '2025年部门收入预算总表' : '部门收入总表',
    header: [[...CODE_HEADER, '合计', '财政拨款收入', '事业收入', '其他收入']],
    rows: FUNCTION_ROWS((t) => [t, t, '', '']),
  };
  const b03: BudgetTable = {
    code: 'B03',
    title: order === 'shanghai' ? '2025年部门支出预算总表' : '部门支出总表',
    header: [[...CODE_HEADER, '合计', '基本支出', '项目支出']],
    rows: FUNCTION_ROWS((t, b, p) => [t, b, p]),
  };
  const b04: BudgetTable = {
    code: 'B04',
    title: order === 'shanghai' ? '2025年部门财政拨款收支预算总表' : '财政拨款收支总表',
    header: [['项目', '预算数', '项目', '合计', '一般公共预算', '政府性基金预算', '国有资本经营预算']],
    rows: [
      ['一、一般公共预算资金', '1,000,000.00', '一、一般公共服务支出', '800,000.00', '800,000.00', '', ''],
      ['二、政府性基金', '', '二、社会保障和就业支出', '200,000.00', '200,000.00', '', ''],
      ['收入总计', '1,000,000.00', '支出总计', '1,000,000.00', '1,000,000.00', '', ''],
    ],
  };
  const b05: BudgetTable = {
    code: 'B05',
    title: order === 'shanghai' ? '2025年部门一般公共预算支出功能分类预算表' : '一般公共预算支出表',
    header: [[...CODE_HEADER, '合计', '基本支出', '项目支出']],
    rows: FUNCTION_ROWS((t, b, p) => [t, b, p]),
  };
  const b06: BudgetTable = {
    code: 'B06',
    title: order === 'shanghai' ? '2025年部门一般公共预算基本支出部门预算经济分类预算表' : '一般公共预算基本支出表',
    header: [['类', '款', '经济分类科目名称', '合计', '人员经费', '公用经费']],
    rows: [
      ['', '', '合计', '800,000.00', '700,000.00', '100,000.00'],
      ['301', '', '工资福利支出', '700,000.00', '700,000.00', '0.00'],
      ['301', '01', '基本工资', '500,000.00', '500,000.00', '0.00'],
      ['301', '08', '机关事业单位基本养老保险缴费', '200,000.00', '200,000.00', '0.00'],
      ['302', '', '商品和服务支出', '100,000.00', '0.00', '100,000.00'],
      ['302', '01', '办公费', '100,000.00', '0.00', '100,000.00'],
    ],
  };
  const b07: BudgetTable =
    order === 'shanghai'
      ? {
          code: 'B07',
          title: '2025年部门“三公”经费和机关运行经费预算表',
          unit: '万元',
          header: [['项目', '合计', '因公出国（境）费', '公务用车购置及运行费', '公务用车购置费', '公务用车运行费', '公务接待费', '机关运行经费']],
          rows: [['预算数', '3.00', '', '2.00', '', '2.00', '1.00', '10.00']],
        }
      : {
          code: 'B07',
          title: '“三公”经费、会议费、培训费支出预算表',
          unit: '万元',
          header: [['项目', '合计', '“三公”经费小计', '因公出国（境）费', '公务用车购置及运行维护费', '公务用车购置费', '公务用车运行维护费', '公务接待费', '会议费', '培训费']],
          rows: [['预算数', '6.00', '3.00', '', '2.00', '', '2.00', '1.00', '1.00', '2.00']],
        };
  const empty = (code: string, title: string, fund: string): BudgetTable => ({
    code,
    title,
    header: [[...CODE_HEADER, '合计', '基本支出', '项目支出']],
    rows: [['', '', '', '合计', '', '', '']],
    note: `注：本部门无${fund}预算拨款收支，本表无数据。`,
  });
  const b08 = empty('B08', order === 'shanghai' ? '2025年部门政府性基金预算支出功能分类预算表' : '政府性基金预算支出表', '政府性基金');
  const b09 = empty('B09', order === 'shanghai' ? '2025年部门国有资本经营预算支出功能分类预算表' : '国有资本经营预算支出表', '国有资本经营');
  if (order === 'shanghai') return [b01, b02, b03, b04, b05, b08, b09, b06, b07];
  // National order with labels that number the tables their own way.
  return [b05, b06, b07, b01, b02, b03, b04, b08, b09].map((t, i) => ({ ...t, label: `公开${String(i + 1).padStart(2, '0')}表` }));
}

const COVER = ['示例区财政局2025年部门预算', '', '一、部门主要职能', '示例区财政局是区政府组成部门，主要负责全区财政收支管理。'];
const PROSE = [
  '二、部门预算编制说明',
  '2025年，示例区财政局收入预算100.00万元，其中：财政拨款收入100.00万元，比2024年预算持平。',
  '三、一般公共预算基本支出情况说明',
  '（一）人员经费70.00万元。主要包括：基本工资、津贴补贴等。',
  '（二）公用经费10.00万元。主要包括：办公费、差旅费等。',
];

/** A tab-separated text export of the report. */
export function budgetText(tables: BudgetTable[], prose = true): string {
  const lines = [...COVER, ...(prose ? PROSE : [])];
  for (const t of tables) {
    lines.push('', t.title);
    if (t.label) lines.push(t.label);
    lines.push(`编制部门：示例区财政局\t\t单位：${t.unit ?? '元'}`);
    for (const r of [...t.header, ...t.rows]) lines.push(r.join('\t'));
    if (t.note) lines.push(t.note);
  }
  return lines.join('\n') + '\n';
}

/** The same report as an HTML page (tables as <table>, titles as headings). */
export function budgetHtml(tables: BudgetTable[]): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const parts = [...COVER, ...PROSE].map((l) => `<p>${esc(l)}</p>`);
  for (const t of tables) {
    parts.push(`<h3>${esc(t.title)}</h3>`);
    if (t.label) parts.push(`<p>${t.label}</p>`);
    parts.push(`<p>编制部门：示例区财政局 单位：${t.unit ?? '元'}</p>`);
    const rows = [...t.header, ...t.rows].map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`);
    parts.push(`<table>${rows.join('')}</table>`);
    if (t.note) parts.push(`<p>${esc(t.note)}</p>`);
  }
  return `<!doctype html><html><head><meta charset="utf-8"><title>部门预算</title></head><body>${parts.join('\n')}</body></html>`;
}
