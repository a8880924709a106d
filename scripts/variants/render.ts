/** Variant generator, part 2: expanding tables for the long-table variant and rendering a report as HTML. */
import { Cell, Unit, money, INCOME_01, CN_NUM, EXP_01, INCOME_04, EXP_04, MEASURES, FUNDS_04, TITLES, NOTES, SUBJECTS, Opts } from './model.ts';

// ---------------------------------------------------------------- long tables

/** Rebuilds the coded rows of 02/03/05 with more 款/项 under each 类: 类 totals unchanged, so
 *  01/04 and the cross-table identities still hold. Children get deterministic shares. */
export function expandLong(cells: Cell[]): Cell[] {
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

export interface Td { text: string; colspan?: number; rowspan?: number; cls?: string }
export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const td = (text: string, cls?: string, colspan?: number, rowspan?: number): Td => ({ text, cls, colspan, rowspan });

export function rowHtml(cells: Td[], tag: 'td' | 'th'): string {
  return '<tr>' + cells.map((c) => `<${tag}${c.colspan && c.colspan > 1 ? ` colspan="${c.colspan}"` : ''}${c.rowspan && c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}${c.cls ? ` class="${c.cls}"` : ''}${c.cls?.includes('num') ? ' align="right"' : c.cls?.includes('c') ? ' align="center"' : ''}>${esc(c.text)}</${tag}>`).join('') + '</tr>\n';
}

export class Report {
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
    const m = money(c.cents, this.unit(table), this.o.thousands, this.o.whole);
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
    const joined = !o.splitCodes && o.codeCells === 'joined';
    const nameCols = o.splitCodes ? 4 : joined ? 1 : 2;
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
      : joined
        ? [
            [td('项目', ''), ...mHead1],
            [td('支出功能分类科目编码及名称'), ...mHead2],
            [td('栏次', ''), ...ms.map((_, i) => td(String(i + 1)))],
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
      const own = (n: number, seg: string) => (o.codeCells !== 'own' || code.length === n ? seg : '');
      const lead: Td[] = o.splitCodes
        ? [td(own(3, code.slice(0, 3))), td(own(5, code.slice(3, 5))), td(own(7, code.slice(5, 7))), td(name)]
        : joined
          ? [td(`${code} ${name}`)]
          : [td(code), td(name)];
      body.push([...lead, ...ms.map((m) => this.v(t, { code }, m))]);
    }
    const n = ms.length;
    let cols: string[];
    if (o.narrow) {
      const codeW = o.splitCodes ? ['4%', '3%', '3%'] : ['9%'];
      cols = [...codeW, '9%', ...ms.map(() => '6.5%')];
    } else {
      const codeW = o.splitCodes ? ['5%', '4%', '4%'] : joined ? [] : ['10%'];
      const nameW = (t === '02' || t === '03' ? 28 : 36) - (o.splitCodes ? 8 : 0) + (joined ? 10 : 0);
      const rest = (100 - (o.splitCodes ? 13 : joined ? 0 : 10) - nameW) / n;
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

