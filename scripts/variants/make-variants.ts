/**
 * Variant generator: renders complete 部门决算 report PDFs from a truth CSV, in layouts the
 * pipeline has not seen (no borders, other units, split subject codes, no 行次, horizontal 09,
 * title variants, long tables over two pages, wrapped names, another PDF producer), plus the
 * truth CSV of each variant.
 *
 *   node --import tsx scripts/variants/make-variants.ts OUTDIR [--only NAME,NAME] [--no-lo]
 *
 * Writes OUTDIR/<variant>.html, .pdf, .truth.csv and OUTDIR/variants.tsv (name, seed, notes).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

// ---------------------------------------------------------------- truth model

interface Cell {
  table: string;
  code: string;
  line: string;
  name: string;
  measure: string;
  cents: number; // value in 分 (yuan × 100), integer
}

function readTruth(path: string): Cell[] {
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

type Unit = '元' | '千元' | '万元';
const CENTS_PER_UNIT: Record<Unit, number> = { 元: 100, 千元: 100_000, 万元: 1_000_000 };

/** Printed with 2 decimals in the unit; returns the text and the value in cents it stands for. */
function money(cents: number, unit: Unit, sep = true): { text: string; cents: number } {
  const hundredths = Math.round((cents * 100) / CENTS_PER_UNIT[unit]);
  const back = (hundredths * CENTS_PER_UNIT[unit]) / 100;
  const neg = hundredths < 0;
  const abs = Math.abs(hundredths);
  let int = String(Math.floor(abs / 100));
  if (sep) int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return { text: `${neg ? '-' : ''}${int}.${String(abs % 100).padStart(2, '0')}`, cents: back };
}

// ---------------------------------------------------------------- templates

const INCOME_01: Record<number, string> = {
  1: '一、一般公共预算财政拨款收入', 2: '二、政府性基金预算财政拨款收入', 3: '三、国有资本经营预算财政拨款收入',
  4: '四、上级补助收入', 5: '五、事业收入', 6: '六、经营收入', 7: '七、附属单位上缴收入', 8: '八、其他收入',
  27: '本年收入合计', 28: '使用非财政拨款结余（含专用结余）', 29: '年初结转和结余', 31: '总计',
};
const FUNCS = ['一般公共服务支出', '外交支出', '国防支出', '公共安全支出', '教育支出', '科学技术支出', '文化旅游体育与传媒支出',
  '社会保障和就业支出', '卫生健康支出', '节能环保支出', '城乡社区支出', '农林水支出', '交通运输支出', '资源勘探工业信息等支出',
  '商业服务业等支出', '金融支出', '援助其他地区支出', '自然资源海洋气象等支出', '住房保障支出', '粮油物资储备支出',
  '国有资本经营预算支出', '灾害防治及应急管理支出', '其他支出', '债务还本支出', '债务付息支出', '抗疫特别国债安排的支出'];
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七',
  '十八', '十九', '二十', '二十一', '二十二', '二十三', '二十四', '二十五', '二十六'];
const EXP_01: Record<number, string> = { 58: '本年支出合计', 59: '结余分配', 60: '年末结转和结余', 62: '总计' };
FUNCS.forEach((f, i) => (EXP_01[32 + i] = `${CN_NUM[i]}、${f}`));
const INCOME_04: Record<number, string> = {
  1: '一、一般公共预算财政拨款', 2: '二、政府性基金预算财政拨款', 3: '三、国有资本经营预算财政拨款',
  27: '本年收入合计', 28: '年初财政拨款结转和结余', 29: '一、一般公共预算财政拨款', 30: '二、政府性基金预算财政拨款',
  31: '三、国有资本经营预算财政拨款', 32: '总计',
};
const EXP_04: Record<number, string> = { 59: '本年支出合计', 60: '年末财政拨款结转和结余', 64: '总计' };
FUNCS.forEach((f, i) => (EXP_04[33 + i] = `${CN_NUM[i]}、${f}`));

const MEASURES: Record<string, string[]> = {
  '02': ['本年收入合计', '财政拨款收入', '上级补助收入', '事业收入', '经营收入', '附属单位上缴收入', '其他收入'],
  '03': ['本年支出合计', '基本支出', '项目支出', '上缴上级支出', '经营支出', '对附属单位补助支出'],
  '05': ['本年支出合计', '基本支出', '项目支出'],
  '07': ['年初结转和结余', '本年收入', '本年支出合计', '基本支出', '项目支出', '年末结转和结余'],
  '08': ['本年支出合计', '基本支出', '项目支出'],
};
const FUNDS_04 = ['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款'];

const TITLES: Record<string, string> = {
  '01': '收入支出决算总表', '02': '收入决算表', '03': '支出决算表', '04': '财政拨款收入支出决算总表',
  '05': '一般公共预算财政拨款支出决算表', '06': '一般公共预算财政拨款基本支出决算表',
  '07': '政府性基金预算财政拨款收入支出决算表', '08': '国有资本经营预算财政拨款支出决算表',
  '09': '财政拨款“三公”经费支出决算表',
};
const NOTES: Record<string, string> = {
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
const SUBJECTS: Record<string, [string, string, [string, string][]][]> = {
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

interface Opts {
  borders: boolean;
  unit: Unit;
  tableUnit: Partial<Record<string, Unit>>;
  splitCodes: boolean;
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
  padPt: number; // horizontal cell padding (points)
  landscape: boolean;
  fontPt: number; // table font size
}

const DEFAULTS: Opts = {
  borders: true, unit: '万元', tableUnit: {}, splitCodes: false, noLineNo: false, measure01: '金额', t09: 'vertical',
  titles: 'label', long: false, repeatHeader: true, narrow: false, producer: 'chromium', thousands: true, padPt: 4, landscape: false, fontPt: 10,
};

interface Variant { name: string; seed: '000' | '001'; notes: string; opts: Partial<Opts> }

const VARIANTS: Variant[] = [
  { name: 'base', seed: '000', notes: '1 borders (baseline)', opts: {} },
  { name: 'base', seed: '001', notes: '1 borders (baseline); 09 vertical', opts: {} },
  { name: 'tightpad', seed: '000', notes: '0 cell padding 1px (Excel-like): value abuts next cell', opts: { padPt: 0.75 } },
  { name: 'tightpad', seed: '001', notes: '0 cell padding 1px', opts: { padPt: 0.75 } },
  { name: 'noborders', seed: '000', notes: '1 no ruling lines at all', opts: { borders: false } },
  { name: 'noborders', seed: '001', notes: '1 no ruling lines at all', opts: { borders: false } },
  { name: 'yuan', seed: '000', notes: '2 unit 元 everywhere', opts: { unit: '元', landscape: true, fontPt: 8 } },
  { name: 'yuan', seed: '001', notes: '2 unit 元 everywhere, no thousands separators', opts: { unit: '元', thousands: false, landscape: true, fontPt: 8 } },
  { name: 'qianyuan05', seed: '000', notes: '2 table 05 in 千元, others 万元', opts: { tableUnit: { '05': '千元' } } },
  { name: 'splitcodes', seed: '000', notes: '3 类|款|项 columns', opts: { splitCodes: true } },
  { name: 'splitcodes', seed: '001', notes: '3 类|款|项 columns', opts: { splitCodes: true } },
  { name: 'splitcodes-nb', seed: '000', notes: '3 类|款|项 columns, no borders', opts: { splitCodes: true, borders: false } },
  { name: 'noline', seed: '000', notes: '4 01/04 without 行次; 01 决算数', opts: { noLineNo: true, measure01: '决算数' } },
  { name: 'noline', seed: '001', notes: '4 01/04 without 行次; 01 决算数', opts: { noLineNo: true, measure01: '决算数' } },
  { name: 'noline-nb', seed: '000', notes: '4 01/04 without 行次, no borders', opts: { noLineNo: true, measure01: '决算数', borders: false } },
  { name: 'h09', seed: '000', notes: '5 09 horizontal (预算数/决算数 groups)', opts: { t09: 'horizontal' } },
  { name: 'h09-nb', seed: '000', notes: '5 09 horizontal, no borders', opts: { t09: 'horizontal', borders: false } },
  { name: 'title-paren', seed: '000', notes: '6 titles XXX（公开NN表）', opts: { titles: 'paren' } },
  { name: 'title-long06', seed: '000', notes: '6 06 titled 2024年度…基本支出决算明细表', opts: { title06: '2024年度一般公共预算财政拨款基本支出决算明细表' } },
  { name: 'title-ascii09', seed: '000', notes: '6 09 titled with ASCII quotes', opts: { title09: '财政拨款"三公"经费支出决算表' } },
  { name: 'title-nolabel', seed: '000', notes: '6 no 公开NN表 labels', opts: { titles: 'nolabel' } },
  { name: 'title-nolabel', seed: '001', notes: '6 no labels + long 06 + ASCII 09', opts: { titles: 'nolabel', title06: '2024年度一般公共预算财政拨款基本支出决算明细表', title09: '财政拨款"三公"经费支出决算表' } },
  { name: 'long-repeat', seed: '000', notes: '7 02/03/05 with 50+ rows over 2 pages, thead repeated', opts: { long: true } },
  { name: 'long-norepeat', seed: '000', notes: '7 long tables, header only on first page', opts: { long: true, repeatHeader: false } },
  { name: 'long-norepeat-nb', seed: '000', notes: '7 long tables, no repeated header, no borders', opts: { long: true, repeatHeader: false, borders: false } },
  { name: 'long-repeat', seed: '001', notes: '7 long tables, thead repeated', opts: { long: true } },
  { name: 'narrow', seed: '000', notes: '8 narrow name/value columns: wrapped names and headers', opts: { narrow: true } },
  { name: 'narrow', seed: '001', notes: '8 narrow columns', opts: { narrow: true } },
  { name: 'narrow-nb', seed: '000', notes: '8 narrow columns, no borders', opts: { narrow: true, borders: false } },
  { name: 'lo-base', seed: '000', notes: '9 LibreOffice writer, borders', opts: { producer: 'libreoffice' } },
  { name: 'lo-base', seed: '001', notes: '9 LibreOffice writer, borders', opts: { producer: 'libreoffice' } },
  { name: 'lo-tightpad', seed: '000', notes: '9 LibreOffice, borders, cell padding 1px', opts: { producer: 'libreoffice', padPt: 0.75 } },
  { name: 'lo-noborders', seed: '000', notes: '9 LibreOffice, no borders', opts: { producer: 'libreoffice', borders: false } },
  { name: 'lo-splitcodes', seed: '000', notes: '9 LibreOffice, 类|款|项 columns', opts: { producer: 'libreoffice', splitCodes: true } },
];

const SEEDS: Record<string, { truth: string; department: string; year: number }> = {
  '000': { truth: '/work/shared/corpus/public/000-v1.truth.csv', department: '景德镇市医疗保障局', year: 2024 },
  '001': { truth: '/work/shared/corpus/public/001-v1.truth.csv', department: '聊城市医疗保障局（汇总）', year: 2024 },
};

// ---------------------------------------------------------------- long tables

/** Rebuilds the coded rows of 02/03/05 with more 款/项 under each 类: 类 totals unchanged, so
 *  01/04 and the cross-table identities still hold. Children get deterministic shares. */
function expandLong(cells: Cell[]): Cell[] {
  const kept = cells.filter((c) => !(['02', '03', '05'].includes(c.table) && c.code.length > 3));
  for (const table of ['02', '03', '05']) {
    const total = MEASURES[table][0];
    const parts = MEASURES[table].slice(1);
    const leis = [...new Set(cells.filter((c) => c.table === table && c.code.length === 3).map((c) => c.code))];
    for (const lei of leis) {
      const kuans = SUBJECTS[lei];
      if (!kuans) throw new Error(`no subjects for 类 ${lei}`);
      const leaves: { kuan: string; kuanName: string; code: string; name: string }[] = [];
      for (const [k, kn, xs] of kuans) for (const [x, xn] of xs) leaves.push({ kuan: k, kuanName: kn, code: x, name: xn });
      const weights = leaves.map((_, i) => 3 + ((i * 7) % 11));
      const wsum = weights.reduce((a, b) => a + b, 0);
      const val = (m: string) => cells.find((c) => c.table === table && c.code === lei && c.measure === m)?.cents ?? 0;
      const leafVals: Record<string, number>[] = leaves.map(() => ({}));
      for (const m of [total, ...parts]) {
        const V = val(m);
        const unitC = 10_000; // 0.01 万元 in cents
        let rest = V;
        leaves.forEach((_, i) => {
          const v = i === leaves.length - 1 ? rest : Math.floor((V * weights[i]) / wsum / unitC) * unitC;
          leafVals[i][m] = v;
          rest -= v;
        });
      }
      // Row identity: total = Σ parts for every leaf but the last (which carries any rounding).
      let restTotal = val(total);
      leaves.forEach((_, i) => {
        const s = parts.reduce((a, m) => a + leafVals[i][m], 0);
        if (i < leaves.length - 1) {
          leafVals[i][total] = s;
          restTotal -= s;
        } else leafVals[i][total] = restTotal;
      });
      const push = (code: string, name: string, vals: Record<string, number>) => {
        for (const m of [total, ...parts]) {
          if (!vals[m] && !cells.some((c) => c.table === table && c.measure === m && c.cents === 0 && c.code === lei)) continue;
          kept.push({ table, code, line: '', name, measure: m, cents: vals[m] ?? 0 });
        }
      };
      for (const [k, kn] of kuans) {
        const vals: Record<string, number> = {};
        leaves.forEach((l, i) => {
          if (l.kuan !== k) return;
          for (const m of [total, ...parts]) vals[m] = (vals[m] ?? 0) + leafVals[i][m];
        });
        push(k, kn, vals);
        leaves.forEach((l, i) => l.kuan === k && push(l.code, l.name, leafVals[i]));
      }
    }
  }
  return kept;
}

// ---------------------------------------------------------------- rendering

interface Td { text: string; colspan?: number; rowspan?: number; cls?: string }
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const td = (text: string, cls?: string, colspan?: number, rowspan?: number): Td => ({ text, cls, colspan, rowspan });

function rowHtml(cells: Td[], tag: 'td' | 'th'): string {
  return '<tr>' + cells.map((c) => `<${tag}${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}${c.cls ? ` class="${c.cls}"` : ''}${c.cls?.includes('num') ? ' align="right"' : c.cls?.includes('c') ? ' align="center"' : ''}>${esc(c.text)}</${tag}>`).join('') + '</tr>\n';
}

class Report {
  truthOut: Cell[] = [];
  constructor(private cells: Cell[], private o: Opts, private dept: string, private year: number) {}

  unit(t: string): Unit { return this.o.tableUnit[t] ?? this.o.unit; }

  get(table: string, key: { code?: string; line?: string; name?: string }, measure: string): Cell | undefined {
    return this.cells.find((c) => c.table === table && c.measure === measure &&
      (key.code !== undefined ? c.code === key.code : true) && (key.line !== undefined ? c.line === key.line : true) &&
      (key.name !== undefined ? c.name === key.name && !c.code && !c.line : true));
  }

  /** Prints a value and records the truth cell for it (converted from what is printed). */
  v(table: string, key: { code?: string; line?: string; name?: string }, measure: string, truthMeasure = measure, truthName?: string): Td {
    const c = this.get(table, key, measure);
    if (!c) return td('', 'num');
    const m = money(c.cents, this.unit(table), this.o.thousands);
    this.truthOut.push({ ...c, measure: truthMeasure, name: truthName ?? c.name, cents: m.cents });
    return td(m.text, 'num');
  }

  header(t: string): string {
    const o = this.o;
    let title = TITLES[t];
    if (t === '06' && o.title06) title = o.title06;
    if (t === '09' && o.title09) title = o.title09;
    if (o.titles === 'paren') title += `（公开${t}表）`;
    const label = o.titles === 'label' ? `公开${t}表` : '';
    const unitText = o.titles === 'nolabel' ? `单位：${this.unit(t)}` : `金额单位：${this.unit(t)}`;
    return `<h2 class="title" align="center" style="page-break-before: always">${esc(title)}</h2>\n` +
      (label ? `<div class="label">${label}</div>\n` : '') +
      `<div class="meta"><span>部门：${esc(this.dept)}</span><span>${this.year}年度</span><span>${unitText}</span></div>\n`;
  }

  table(t: string, head: Td[][], body: Td[][], cols: string[], extraCls = ''): string {
    const o = this.o;
    const colgroup = '<colgroup>' + cols.map((w) => `<col width="${w}" style="width:${w}">`).join('') + '</colgroup>';
    const b = o.borders ? ' border="1"' : '';
    const headHtml = head.map((r) => rowHtml(r, 'th')).join('');
    const bodyHtml = body.map((r) => rowHtml(r, 'td')).join('');
    const inner = o.repeatHeader ? `<thead>${headHtml}</thead><tbody>${bodyHtml}</tbody>` : `<tbody>${headHtml}${bodyHtml}</tbody>`;
    return `<table class="t${t} ${extraCls}"${b} cellspacing="0" cellpadding="${Math.max(1, Math.round(o.padPt / 0.75))}" width="100%">${colgroup}${inner}</table>\n<p class="note">${esc(NOTES[t])}</p>\n`;
  }

  // ---- 01 / 04
  t01(): string {
    const o = this.o;
    const ln = !o.noLineNo;
    const m = o.measure01;
    const head: Td[][] = [
      [td('收入', '', ln ? 3 : 2), td('支出', '', ln ? 3 : 2)],
      ln ? [td('项目'), td('行次'), td(m), td('项目（按功能分类）'), td('行次'), td(m)]
        : [td('项目'), td(m), td('项目（按功能分类）'), td(m)],
      ln ? [td('栏次'), td(''), td('1'), td('栏次'), td(''), td('2')] : [td('栏次'), td('1'), td('栏次'), td('2')],
    ];
    const body: Td[][] = [];
    for (let i = 1; i <= 31; i++) {
      const j = i + 31;
      const li = String(i), lj = String(j);
      const ni = this.get('01', { line: li }, '金额')?.name ?? INCOME_01[i] ?? '';
      const nj = this.get('01', { line: lj }, '金额')?.name ?? EXP_01[j] ?? '';
      const cls = /总计|合计/.test(ni) ? 'b' : '';
      const r: Td[] = [td(ni, cls)];
      if (ln) r.push(td(li, 'c'));
      r.push(this.v('01', { line: li }, '金额'));
      r.push(td(nj, /总计|合计/.test(nj) ? 'b' : ''));
      if (ln) r.push(td(lj, 'c'));
      r.push(this.v('01', { line: lj }, '金额'));
      body.push(r);
    }
    const cols = ln ? ['27%', '6%', '14%', '33%', '6%', '14%'] : ['33%', '16%', '35%', '16%'];
    return this.header('01') + this.table('01', head, body, o.narrow ? (ln ? ['14%', '5%', '10%', '16%', '5%', '10%'] : ['18%', '11%', '20%', '11%']) : cols, o.narrow ? 'narrowt' : '');
  }

  t04(): string {
    const o = this.o;
    const ln = !o.noLineNo;
    const head: Td[][] = [
      [td('收入', '', ln ? 3 : 2), td('支出', '', ln ? 6 : 5)],
      [td('项目'), ...(ln ? [td('行次')] : []), td('金额'), td('项目（按功能分类）'), ...(ln ? [td('行次')] : []), ...FUNDS_04.map((f) => td(f))],
      [td('栏次'), ...(ln ? [td('')] : []), td('1'), td('栏次'), ...(ln ? [td('')] : []), td('2'), td('3'), td('4'), td('5')],
    ];
    const body: Td[][] = [];
    for (let i = 1; i <= 32; i++) {
      const j = i + 32;
      const li = String(i), lj = String(j);
      const ni = this.get('04', { line: li }, '金额')?.name ?? INCOME_04[i] ?? '';
      const nj = FUNDS_04.map((f) => this.get('04', { line: lj }, f)?.name).find(Boolean) ?? EXP_04[j] ?? '';
      const r: Td[] = [td(ni)];
      if (ln) r.push(td(li, 'c'));
      r.push(this.v('04', { line: li }, '金额'));
      r.push(td(nj));
      if (ln) r.push(td(lj, 'c'));
      for (const f of FUNDS_04) r.push(this.v('04', { line: lj }, f));
      body.push(r);
    }
    const cols = ln ? ['18%', '4%', '9%', '20%', '4%', '11%', '12%', '11%', '11%'] : ['20%', '10%', '22%', '12%', '12%', '12%', '12%'];
    return this.header('04') + this.table('04', head, body, cols, 'small');
  }

  // ---- coded tables 02 03 05 07 08
  coded(t: string): string {
    const o = this.o;
    const ms = MEASURES[t];
    const codes: { code: string; name: string }[] = [];
    for (const c of this.cells) if (c.table === t && c.code && !codes.some((x) => x.code === c.code)) codes.push({ code: c.code, name: c.name });
    const printed = (m: string) => (t === '08' && m === '本年支出合计' ? '合计' : m);
    const nameCols = o.splitCodes ? 4 : 2;
    let mHead1: Td[], mHead2: Td[] = [];
    if (t === '07') {
      mHead1 = [td('年初结转和结余', '', 1, o.splitCodes ? 3 : 2), td('本年收入', '', 1, o.splitCodes ? 3 : 2), td('本年支出', '', 3), td('年末结转和结余', '', 1, o.splitCodes ? 3 : 2)];
      mHead2 = [td('小计', '', 1, o.splitCodes ? 2 : 1), td('基本支出', '', 1, o.splitCodes ? 2 : 1), td('项目支出', '', 1, o.splitCodes ? 2 : 1)];
    } else mHead1 = ms.map((m) => td(printed(m), '', 1, o.splitCodes ? 3 : 2));
    const head: Td[][] = o.splitCodes
      ? [
          [td('项目', '', 4), ...mHead1],
          [td('支出功能分类科目编码', '', 3), td('科目名称', '', 1, 2), ...mHead2],
          [td('类'), td('款'), td('项')],
          [td('栏次', '', 4), ...ms.map((_, i) => td(String(i + 1)))],
        ]
      : [
          [td('项目', '', 2), ...mHead1],
          [td('支出功能分类科目编码'), td('科目名称'), ...mHead2],
          [td('栏次', '', 2), ...ms.map((_, i) => td(String(i + 1)))],
        ];
    const body: Td[][] = [];
    const totalRow: Td[] = [td('合计', 'c b', nameCols), ...ms.map((m) => this.v(t, { name: '合计' }, m))];
    body.push(totalRow);
    for (const { code, name } of codes) {
      const lead: Td[] = o.splitCodes
        ? [td(code.slice(0, 3)), td(code.slice(3, 5)), td(code.slice(5, 7)), td(name)]
        : [td(code), td(name)];
      body.push([...lead, ...ms.map((m) => this.v(t, { code }, m))]);
    }
    const n = ms.length;
    let cols: string[];
    if (o.narrow) {
      const codeW = o.splitCodes ? ['4%', '3%', '3%'] : ['9%'];
      cols = [...codeW, '9%', ...ms.map(() => '6.5%')];
    } else {
      const codeW = o.splitCodes ? ['5%', '4%', '4%'] : ['10%'];
      const nameW = (t === '02' || t === '03' ? 28 : 36) - (o.splitCodes ? 8 : 0);
      const rest = (100 - (o.splitCodes ? 13 : 10) - nameW) / n;
      cols = [...codeW, `${nameW}%`, ...ms.map(() => `${rest.toFixed(2)}%`)];
    }
    return this.header(t) + this.table(t, head, body, cols, o.narrow ? 'narrowt' : '');
  }

  // ---- 06
  t06(): string {
    const codes: { code: string; name: string }[] = [];
    for (const c of this.cells) if (c.table === '06' && c.code && !codes.some((x) => x.code === c.code)) codes.push({ code: c.code, name: c.name });
    codes.sort((a, b) => (a.code.slice(0, 3) === b.code.slice(0, 3) ? a.code.localeCompare(b.code) : a.code.slice(0, 3).localeCompare(b.code.slice(0, 3))));
    const p1 = codes.filter((c) => /^30[13]/.test(c.code));
    const p2 = codes.filter((c) => /^302/.test(c.code));
    const p3 = codes.filter((c) => !/^30[123]/.test(c.code));
    const panels = [p1, p2, p3].filter((p, i) => i < 2 || p.length);
    const np = panels.length;
    const head: Td[][] = [
      [td('人员经费', '', 3), td('公用经费', '', 3 * (np - 1))],
      panels.flatMap(() => [td('经济分类科目编码'), td('科目名称'), td('决算数')]),
    ];
    const rows = Math.max(...panels.map((p) => p.length));
    const body: Td[][] = [];
    for (let i = 0; i < rows; i++) {
      const r: Td[] = [];
      for (const p of panels) {
        const c = p[i];
        if (!c) r.push(td(''), td(''), td('', 'num'));
        else r.push(td(c.code, c.code.length === 3 ? 'b' : ''), td(c.name, c.code.length === 3 ? 'b' : ''), this.v('06', { code: c.code }, '决算数'));
      }
      body.push(r);
    }
    body.push([td('人员经费合计', 'c', 2), this.v('06', { name: '人员经费合计' }, '决算数'), td('公用经费合计', 'c', 3 * (np - 1) - 1), this.v('06', { name: '公用经费合计' }, '决算数')]);
    const cols = panels.flatMap(() => [`${(8 / np) * 3}%`, `${(16 / np) * 3}%`, `${(9 / np) * 3}%`]);
    return this.header('06') + this.table('06', head, body, this.o.narrow ? panels.flatMap(() => ['8%', '11%', '7%']) : cols, 'small');
  }

  // ---- 09
  t09(): string {
    if (this.o.t09 === 'horizontal') return this.t09h();
    const budget = (item: string, m: string) => this.v('09', { name: item }, m);
    const items: [string, string | null][] = [
      ['一、“三公”经费支出', '合计'], ['1.因公出国（境）费', '因公出国（境）费'], ['2.公务用车购置及运行维护费', '公务用车购置及运行维护费'],
      ['（1）公务用车购置费', '公务用车购置费'], ['（2）公务用车运行维护费', '公务用车运行维护费'], ['3.公务接待费', '公务接待费'],
      ['（1）国内接待费', '国内接待费'], ['其中：外事接待费', null], ['（2）国（境）外接待费', '国（境）外接待费'],
      ['二、相关统计数', null], ['1.因公出国（境）团组数（个）', null], ['2.因公出国（境）人次数（人）', null],
      ['3.公务用车购置数（辆）', null], ['4.公务用车保有量（辆）', null], ['5.国内公务接待批次（个）', null],
      ['6.国内公务接待人次（人）', null], ['7.国（境）外公务接待批次（个）', null], ['8.国（境）外公务接待人次（人）', null],
    ];
    const stats: Record<string, string> = { '4.公务用车保有量（辆）': '2', '5.国内公务接待批次（个）': '10', '6.国内公务接待人次（人）': '87' };
    const head: Td[][] = [
      [td('项目'), td('行次'), td('年初预算数'), td('全年预算数'), td('决算数')],
      [td('栏次'), td(''), td('1'), td('2'), td('3')],
    ];
    const body: Td[][] = items.map(([label, item], i) => {
      const r: Td[] = [td(label), td(String(i + 1), 'c')];
      if (item) {
        const sub = ['国内接待费', '国（境）外接待费'].includes(item);
        r.push(sub ? td('---', 'c') : budget(item, '年初预算数'), sub ? td('---', 'c') : budget(item, '全年预算数'), budget(item, '决算数'));
      } else if (i >= 9) r.push(td('---', 'c'), td('---', 'c'), td(stats[label] ?? '', 'num'));
      else r.push(td(''), td(''), td(''));
      return r;
    });
    return this.header('09') + this.table('09', head, body, ['40%', '8%', '17%', '17%', '18%']);
  }

  t09h(): string {
    const items = ['合计', '因公出国（境）费', '公务用车购置及运行维护费', '公务用车购置费', '公务用车运行维护费', '公务接待费'];
    const hasFull = this.cells.some((c) => c.table === '09' && c.measure === '全年预算数');
    const bm = hasFull ? '全年预算数' : '年初预算数';
    const group = (): Td[][] => [
      [td('合计', '', 1, 2), td('因公出国（境）费', '', 1, 2), td('公务用车购置及运行维护费', '', 3), td('公务接待费', '', 1, 2)],
      [td('小计'), td('公务用车购置费'), td('公务用车运行维护费')],
    ];
    const g1 = group(), g2 = group();
    const head: Td[][] = [
      [td('预算数', '', 6), td('决算数', '', 6)],
      [...g1[0], ...g2[0]],
      [...g1[1], ...g2[1]],
      Array.from({ length: 12 }, (_, i) => td(String(i + 1))),
    ];
    const row: Td[] = [
      ...items.map((it) => this.v('09', { name: it }, bm, '全年预算数')),
      ...items.map((it) => this.v('09', { name: it }, '决算数')),
    ];
    return this.header('09') + this.table('09', head, [row], Array.from({ length: 12 }, () => '8.33%'), 'small');
  }

  prose(): string {
    const w = (t: string, k: { line?: string; name?: string; code?: string }, m: string) => {
      const c = this.get(t, k, m);
      return c ? money(c.cents, '万元', false).text : '0.00';
    };
    return `<div class="page"><h1>第三部分 ${this.year}年度部门决算情况说明</h1>
<h3>一、收入支出决算总体情况说明</h3>
<p>${this.year}年度收、支总计${w('01', { line: '31' }, '金额')}万元。与上年相比，收、支总计各减少12.30万元，下降1.3%。主要原因是人员变动。</p>
<h3>二、收入决算情况说明</h3>
<p>${this.year}年度本年收入合计${w('01', { line: '27' }, '金额')}万元，其中：一般公共预算财政拨款收入${w('01', { line: '1' }, '金额')}万元，占100%。</p>
<h3>三、支出决算情况说明</h3>
<p>${this.year}年度本年支出合计${w('01', { line: '58' }, '金额')}万元，其中：基本支出${w('05', { name: '合计' }, '基本支出')}万元，项目支出${w('05', { name: '合计' }, '项目支出')}万元。</p>
<h3>四、财政拨款“三公”经费支出决算情况说明</h3>
<p>${this.year}年度财政拨款“三公”经费支出决算为${w('09', { name: '合计' }, '决算数')}万元，完成预算的100%。其中：公务接待费支出决算为${w('09', { name: '公务接待费' }, '决算数')}万元，国内公务接待10批次87人次。</p>
<h3>五、机关运行经费支出情况说明</h3>
<p>本部门${this.year}年度机关运行经费支出57.03万元，比上年决算减少2.11万元，下降3.6%。</p></div>`;
  }

  html(): string {
    const o = this.o;
    const css = `
@page { size: A4${o.landscape ? ' landscape' : ''}; margin: 15mm 12mm; }
body { font-family: "WenQuanYi Zen Hei", sans-serif; font-size: ${o.narrow ? 9 : 10}pt; }
table { font-size: ${o.narrow ? 9 : o.fontPt}pt; }
.page { page-break-after: always; break-after: page; }
h1 { text-align: center; font-size: 20pt; }
h2.title { text-align: center; font-size: 15pt; margin: 0 0 4pt 0; }
.label { text-align: right; font-size: 9pt; }
.meta { display: flex; justify-content: space-between; font-size: 9pt; margin-bottom: 3pt; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
${o.borders ? 'td, th { border: 0.6pt solid #000; }' : 'table, td, th { border: none; }'}
th { font-weight: normal; text-align: center; vertical-align: middle; }
td { vertical-align: middle; }
td, th { padding: 1pt ${o.padPt}pt; }
td.num { text-align: right; }
.c { text-align: center; } .b { font-weight: bold; }
table.small { font-size: ${Math.min(8, o.fontPt)}pt; }
table.narrowt td, table.narrowt th { word-break: break-all; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; break-inside: avoid; }
p.note { font-size: 8.5pt; }
.tpage { page-break-before: always; break-before: page; }
`;
    const parts: string[] = [];
    parts.push(`<div class="page"><h1 style="margin-top:200pt">${esc(this.dept)}</h1><h1>${this.year}年度部门决算</h1><p style="text-align:center;margin-top:200pt">${this.year + 1}年9月</p></div>`);
    parts.push(`<div class="page"><h1>目 录</h1><p>第一部分 ${esc(this.dept)}概况</p><p>第二部分 ${this.year}年度部门决算表</p>` +
      ['01', '02', '03', '04', '05', '06', '07', '08', '09'].map((t, i) => `<p>${CN_NUM[i]}、${TITLES[t]}</p>`).join('') +
      `<p>第三部分 ${this.year}年度部门决算情况说明</p><p>第四部分 名词解释</p></div>`);
    parts.push(`<div class="page"><h1>第一部分 ${esc(this.dept)}概况</h1><h3>一、部门主要职责</h3><p>${esc(this.dept)}是主管全市医疗保障工作的市政府工作部门，主要职责是：贯彻执行国家和省医疗保障制度的法律法规、政策、规划和标准，组织实施医疗保险、生育保险、医疗救助等医疗保障制度。</p><h3>二、机构设置及人员情况</h3><p>纳入本套部门决算汇编范围的单位共2个。本部门年末编制内实有人员35人。</p></div>`);
    parts.push(`<div class="page"><h1 style="margin-top:250pt">第二部分 ${this.year}年度部门决算表</h1></div>`);
    const tables = [this.t01(), this.coded('02'), this.coded('03'), this.t04(), this.coded('05'), this.t06(), this.coded('07'), this.coded('08'), this.t09()];
    for (const t of tables) parts.push(`<div class="page">${t}</div>`);
    parts.push(this.prose());
    return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(this.dept)}${this.year}年度部门决算</title><style>${css}</style></head><body>\n${parts.join('\n')}\n</body></html>\n`;
  }
}

// ---------------------------------------------------------------- PDF

function chromium(htmlPath: string, pdfPath: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'chr-'));
  try {
    execFileSync('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
      `--print-to-pdf=${pdfPath}`, '--no-pdf-header-footer', `file://${htmlPath}`], { stdio: 'pipe', timeout: 120_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

function libreoffice(htmlPath: string, pdfPath: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'lo-'));
  const outDir = mkdtempSync(join(tmpdir(), 'lo-out-'));
  try {
    execFileSync('libreoffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf:writer_web_pdf_Export',
      '--outdir', outDir, htmlPath], { stdio: 'pipe', timeout: 180_000 });
    const base = htmlPath.replace(/^.*\//, '').replace(/\.html$/, '.pdf');
    renameSync(join(outDir, base), pdfPath);
  } finally {
    rmSync(profile, { recursive: true, force: true });
    rmSync(outDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- main

function main(): void {
  const args = process.argv.slice(2);
  const outDir = resolve(args.find((a) => !a.startsWith('--')) ?? '/tmp/variants');
  const onlyArg = args.indexOf('--only');
  const only = onlyArg >= 0 ? args[onlyArg + 1].split(',') : null;
  const noLo = args.includes('--no-lo');
  mkdirSync(outDir, { recursive: true });
  const index: string[] = [];
  for (const v of VARIANTS) {
    const id = `${v.seed}-${v.name}`;
    if (only && !only.includes(id) && !only.includes(v.name)) continue;
    const o: Opts = { ...DEFAULTS, ...v.opts };
    if (o.producer === 'libreoffice' && (noLo || !hasLibreOffice())) {
      console.error(`skip ${id}: libreoffice not available`);
      continue;
    }
    const seed = SEEDS[v.seed];
    let cells = readTruth(seed.truth);
    if (o.long) cells = expandLong(cells);
    const rep = new Report(cells, o, seed.department, seed.year);
    const html = rep.html();
    const htmlPath = join(outDir, `${id}.html`);
    const pdfPath = join(outDir, `${id}.pdf`);
    writeFileSync(htmlPath, html);
    if (o.producer === 'libreoffice') libreoffice(htmlPath, pdfPath);
    else chromium(htmlPath, pdfPath);
    const truth = rep.truthOut.map((c) => ({
      table_code: c.table, item_code: c.code, line_no: c.line, item_name: c.name, measure: c.measure,
      value_yuan: (c.cents / 100).toFixed(2),
    }));
    writeFileSync(join(outDir, `${id}.truth.csv`), stringify(truth, { header: true, columns: ['table_code', 'item_code', 'line_no', 'item_name', 'measure', 'value_yuan'] }));
    index.push(`${id}\t${v.seed}\t${v.notes}`);
    console.error(`${id}: ${truth.length} truth cells`);
  }
  writeFileSync(join(outDir, 'variants.tsv'), index.join('\n') + '\n');
}

let loCache: boolean | undefined;
function hasLibreOffice(): boolean {
  if (loCache === undefined) {
    try {
      execFileSync('which', ['libreoffice'], { stdio: 'pipe' });
      loCache = true;
    } catch {
      loCache = existsSync('/usr/bin/soffice');
    }
  }
  return loCache;
}

main();
