/** Budget variant generator, part 2: lays printed-cell tables out as HTML pages and records where each cell lands. */
import { money, type Unit } from './model.ts';
import { esc } from './render.ts';

export interface BRow { key: string; code: string; label: string }
export interface BTable { title: string; unit: Unit; rows: BRow[]; columns: string[]; values: Map<string, number>; canonical?: string; note?: string }
export interface BOpts {
  borders: boolean; padPt: number; page: string; fontPt: number; unit?: Unit; thousands: boolean; splitCodes: boolean;
  order: 'printed' | 'shuffle'; labels: 'none' | 'gongkai' | 'biaoyi'; titles: 'printed' | 'alt' | 'alt2';
  rowsPerPage: number; repeatHeader: boolean; narrow: boolean;
  /** Whole 元: every amount's 分 printed as 元 (×100, so every identity still holds exactly), no decimals. */
  wholeYuan?: boolean;
  /** Width of a table without row labels (a one-row 三公 table): '60%' puts its amounts close together. */
  tableWidth?: string;
  /** The report's kind on its cover: a 决算 三公 table (sangong-variants.ts) is 决算 table 09. */
  kind?: '预算' | '决算';
}
const DEFAULTS: BOpts = { borders: true, padPt: 3, page: 'A4', fontPt: 9, thousands: true, splitCodes: false, order: 'printed',
  labels: 'none', titles: 'printed', rowsPerPage: 20, repeatHeader: true, narrow: false };
/** Wrapped names take two or three lines: fewer rows fit a page. */
const NARROW_ROWS_PER_PAGE = 12;

export interface PlacedCell { page: number; title: string; label: string; code: string; column: string; text: string; yuan: string; unit: string }
export interface Placed { html: string; cells: PlacedCell[]; pages: number; unitOfCode: Map<string, Unit> }

const SHUFFLE = ['B01', 'B04', 'B02', 'B03', 'B06', 'B05', 'B08', 'B09', 'B07'];
const ALT_TITLES: Record<'alt' | 'alt2', Record<string, string>> = {
  alt: { B01: '部门收支总表', B02: '部门收入总表', B03: '部门支出总表', B04: '财政拨款收支总表', B05: '一般公共预算支出表', B06: '一般公共预算基本支出表' },
  alt2: { B01: '收支预算总表', B02: '收入预算总表', B03: '支出预算总表', B04: '财政拨款收支预算总表', B05: '一般公共预算支出预算表（功能科目）', B06: '一般公共预算基本支出预算表（经济科目）' },
};
const CN = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

const seg = (c: string) => c.split('/');
const valueKey = (r: BRow, col: string) => `${r.key}\u0002${col}`;

/** Two or more column groups whose rows never share a value are side-by-side panels (收入 | 支出). */
function panelsOf(t: BTable): string[][] | null {
  const groups = new Map<string, string[]>();
  for (const c of t.columns) groups.set(seg(c)[0], [...(groups.get(seg(c)[0]) ?? []), c]);
  if (groups.size < 2 || t.columns.some((c) => seg(c).length < 2)) return null;
  const rowsOf = [...groups.values()].map((cols) => new Set(t.rows.filter((r) => cols.some((c) => t.values.has(valueKey(r, c)))).map((r) => r.key)));
  for (let i = 0; i < rowsOf.length; i++) for (let j = i + 1; j < rowsOf.length; j++) if ([...rowsOf[i]].some((k) => rowsOf[j].has(k))) return null;
  return [...groups.values()];
}

class Layout {
  readonly cells: PlacedCell[] = [];
  readonly pages: string[] = [];
  readonly unitOfCode = new Map<string, Unit>();
  constructor(private o: BOpts, private dept: string, private year: number) {}

  private cell(t: BTable, title: string, unit: Unit, r: BRow, col: string): string {
    const cents = t.values.get(valueKey(r, col));
    if (cents === undefined) return '<td class="num"></td>';
    const m = this.o.wholeYuan ? money(cents * 100, unit, this.o.thousands, true) : money(cents, unit, this.o.thousands);
    this.cells.push({ page: this.pages.length + 1, title, label: r.label, code: r.code, column: col, text: m.text, yuan: (m.cents / 100).toFixed(2), unit });
    return `<td class="num">${m.text}</td>`;
  }

  private heading(title: string, label: string, unit: Unit): string {
    return `${label ? `<div class="label">${label}</div>` : ''}<h2 class="title">${esc(title)}</h2>` +
      `<div class="meta"><span>编制单位：${esc(this.dept)}</span><span>单位：${unit}</span></div>`;
  }

  /** Column header rows for value columns given as paths; `lead` cells span all levels. */
  private header(cols: string[], lead: string[]): string[] {
    const depth = Math.max(...cols.map((c) => seg(c).length));
    const rows: string[] = [];
    for (let l = 0; l < depth; l++) {
      let html = l === 0 ? lead.map((x) => `<th rowspan="${depth}">${x}</th>`).join('') : '';
      for (let i = 0; i < cols.length; ) {
        const s = seg(cols[i]);
        if (s.length <= l) { i++; continue; }
        if (s.length === l + 1) { html += `<th rowspan="${depth - l}">${esc(s[l])}</th>`; i++; continue; }
        const prefix = s.slice(0, l + 1).join('/');
        let j = i;
        while (j < cols.length && seg(cols[j]).length > l + 1 && seg(cols[j]).slice(0, l + 1).join('/') === prefix) j++;
        html += `<th colspan="${j - i}">${esc(s[l])}</th>`;
        i = j;
      }
      rows.push(`<tr>${html}</tr>`);
    }
    return rows;
  }

  private page(body: string): void {
    this.pages.push(`<div class="page">${body}</div>`);
  }

  table(t: BTable, index: number): void {
    const unit = this.o.unit ?? t.unit;
    if (t.canonical) this.unitOfCode.set(t.canonical, unit);
    const alt = this.o.titles === 'printed' ? undefined : ALT_TITLES[this.o.titles][t.canonical ?? ''];
    const title = alt ? `${this.year}年${alt}` : t.title;
    const label = this.o.labels === 'gongkai' ? `公开${String(index + 1).padStart(2, '0')}表` : this.o.labels === 'biaoyi' ? `表${CN[index]}` : '';
    const head = this.heading(title, label, unit);
    const panels = panelsOf(t);
    if (panels) return this.panelTable(t, panels, title, unit, head);
    const coded = t.rows.some((r) => r.code);
    const labelled = t.rows.some((r) => r.label);
    const kind = /经济/.test(t.title) ? '经济分类科目' : '功能分类科目';
    const lead = !labelled ? [] : !coded ? ['项目'] : this.o.splitCodes ? ['类', '款', '项', `${kind}名称`] : [`${kind}编码`, `${kind}名称`];
    const thead = this.header(t.columns, lead).join('');
    const per = this.o.narrow ? Math.min(this.o.rowsPerPage, NARROW_ROWS_PER_PAGE) : this.o.rowsPerPage;
    for (let start = 0; start < t.rows.length; start += per) {
      const first = start === 0;
      const body = t.rows.slice(start, start + per).map((r) => {
        const codeCells = !labelled ? '' : !coded ? '' : this.o.splitCodes
          ? [r.code.slice(0, 3), r.code.slice(3, 5), r.code.slice(5, 7)].map((x) => `<td class="c">${x}</td>`).join('')
          : `<td>${r.code}</td>`;
        const name = labelled ? `<td class="name">${esc(r.label)}</td>` : '';
        return `<tr>${codeCells}${name}${t.columns.map((c) => this.cell(t, title, unit, r, c)).join('')}</tr>`;
      }).join('');
      const showHead = first || this.o.repeatHeader;
      const cls = this.o.narrow && labelled ? ' class="narrowt"' : !labelled ? ` style="table-layout:auto${this.o.tableWidth ? `;width:${this.o.tableWidth}` : ''}"` : '';
      const note = t.note && start + per >= t.rows.length ? `<div class="label">${esc(t.note)}</div>` : '';
      this.page(`${first ? head : ''}<table${cls}>${this.colgroup(lead.length, t.columns.length)}${showHead ? `<thead>${thead}</thead>` : ''}<tbody>${body}</tbody></table>${note}`);
    }
  }

  /** Fixed widths shared by every page of a table: a continuation page lines up with the first. */
  private colgroup(lead: number, values: number): string {
    // A one-row table without labels keeps Chromium's own widths (a narrow 合计 under a wide group label).
    if (lead === 0) return '';
    const name = this.o.narrow ? '4.5em' : '13em';
    const code = this.o.splitCodes ? '2.6em' : '6em';
    const leadCols = Array.from({ length: lead }, (_, i) => `<col style="width:${i === lead - 1 ? name : code}">`).join('');
    return `<colgroup>${leadCols}${'<col>'.repeat(values)}</colgroup>`;
  }

  private panelTable(t: BTable, panels: string[][], title: string, unit: Unit, head: string): void {
    const rowsOf = panels.map((cols) => t.rows.filter((r) => cols.some((c) => t.values.has(valueKey(r, c)))));
    const top = panels.map((cols) => `<th colspan="${cols.length + 1}">${esc(seg(cols[0])[0])}</th>`).join('');
    const sub = panels.map((cols) => `<th>项目</th>${cols.map((c) => `<th>${esc(seg(c).slice(1).join(''))}</th>`).join('')}`).join('');
    const n = Math.max(...rowsOf.map((r) => r.length));
    let body = '';
    for (let i = 0; i < n; i++) {
      body += '<tr>' + panels.map((cols, p) => {
        const r = rowsOf[p][i];
        if (!r) return `<td></td>${cols.map(() => '<td class="num"></td>').join('')}`;
        return `<td>${esc(r.label)}</td>${cols.map((c) => this.cell(t, title, unit, r, c)).join('')}`;
      }).join('') + '</tr>';
    }
    this.page(`${head}<table><thead><tr>${top}</tr><tr>${sub}</tr></thead><tbody>${body}</tbody></table>`);
  }
}

export function budgetHtml(tables: BTable[], opts: Partial<BOpts>, dept: string, year: number): Placed {
  const o: BOpts = { ...DEFAULTS, ...opts };
  const ordered = o.order === 'printed' ? tables
    : [...tables].sort((a, b) => rank(a) - rank(b));
  const lay = new Layout(o, dept, year);
  lay.pages.push(`<div class="page"><h1 style="margin-top:200pt">${esc(dept)}</h1><h1>${year}年部门${o.kind ?? '预算'}</h1></div>`);
  ordered.forEach((t, i) => lay.table(t, i));
  const css = `
@page { size: ${o.page}; margin: 15mm 12mm; }
body { font-family: "WenQuanYi Zen Hei", sans-serif; font-size: ${o.fontPt}pt; }
.page { page-break-after: always; break-after: page; }
h1 { text-align: center; font-size: 20pt; }
h2.title { text-align: center; font-size: 15pt; margin: 0 0 4pt 0; }
.label { text-align: left; font-size: 9pt; }
.meta { display: flex; justify-content: space-between; font-size: 9pt; margin-bottom: 3pt; }
table { border-collapse: collapse; width: 100%; font-size: ${o.fontPt}pt; table-layout: fixed; }
${o.borders ? 'td, th { border: 0.6pt solid #000; }' : 'table, td, th { border: none; }'}
th { font-weight: normal; text-align: center; vertical-align: middle; }
td, th { padding: ${o.padPt}pt ${o.padPt}pt; }
td.num { text-align: right; white-space: nowrap; }
.c { text-align: center; }
table.narrowt td.name { word-break: break-all; }
tr { page-break-inside: avoid; break-inside: avoid; }
`;
  const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(dept)}${year}年部门${o.kind ?? '预算'}</title><style>${css}</style></head><body>\n${lay.pages.join('\n')}\n</body></html>\n`;
  return { html, cells: lay.cells, pages: lay.pages.length, unitOfCode: lay.unitOfCode };
}

function rank(t: BTable): number {
  const i = SHUFFLE.indexOf(t.canonical ?? '');
  return i < 0 ? SHUFFLE.length : i;
}
