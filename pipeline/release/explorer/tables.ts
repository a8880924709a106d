/**
 * A report's standard tables rebuilt from its facts: one HTML table per table_code, rows in
 * printed order, one column per measure. Each number is a button-like cell that carries its
 * page, its box and its value in 元, for the page viewer (assets.ts) to open. Findings mark
 * the cells and rows they point at.
 */
import { tableSpec } from '../../templates/index.ts';
import { esc, yuanText } from '../html.ts';
import { explainCheck, SEVERITY_ZH } from './checks.ts';
import type { Fact, Finding } from './data.ts';

export interface TableRow {
  key: string;
  item_code: string | null;
  line_no: number | null;
  item_name: string | null;
  cells: Map<string, Fact>;
}

export interface BuiltTable {
  code: string;
  name: string;
  unit: string | null;
  measures: string[];
  rows: TableRow[];
  pages: number[];
}

/** The row key of the release's `item_key`: item_code, else line:<line_no>, else name:<item_name>. */
export function rowKey(f: { item_code: string | null; line_no: number | null; item_name: string | null }): string {
  if (f.item_code) return f.item_code;
  if (f.line_no != null) return `line:${f.line_no}`;
  return `name:${f.item_name ?? ''}`;
}

const SEVERITY_RANK: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** Group a report's facts (narrative facts excluded: they have no printed cell) into tables. */
export function buildTables(facts: Fact[]): BuiltTable[] {
  const byTable = new Map<string, Fact[]>();
  for (const f of facts) {
    if (f.method === 'narrative') continue;
    const list = byTable.get(f.table_code) ?? [];
    list.push(f);
    byTable.set(f.table_code, list);
  }
  return [...byTable.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, list]) => buildTable(code, list));
}

function buildTable(code: string, facts: Fact[]): BuiltTable {
  const rows = new Map<string, TableRow>();
  for (const f of facts) {
    const key = rowKey(f);
    const row = rows.get(key) ?? { key, item_code: f.item_code, line_no: f.line_no, item_name: f.item_name, cells: new Map() };
    if (!row.cells.has(f.measure)) row.cells.set(f.measure, f);
    rows.set(key, row);
  }
  const pages = [...new Set(facts.map((f) => f.page).filter((p): p is number => p != null))].sort((a, b) => a - b);
  return {
    code,
    name: facts.find((f) => f.table_name)?.table_name ?? tableSpec(code)?.table_name ?? code,
    unit: facts.find((f) => f.unit_as_printed)?.unit_as_printed ?? null,
    measures: measureOrder(code, facts),
    rows: rowOrder([...rows.values()], tableSpec(code)?.two_sided === true),
    pages,
  };
}

/** The template's column order where known, else left to right as printed, else by name. */
function measureOrder(code: string, facts: Fact[]): string[] {
  const spec = tableSpec(code);
  const template = spec ? [...spec.measures, ...(spec.extra_measures ?? [])] : [];
  const left = new Map<string, number>();
  for (const f of facts) left.set(f.measure, Math.min(left.get(f.measure) ?? Infinity, f.box?.[0] ?? Infinity));
  const rank = (m: string) => (template.includes(m) ? template.indexOf(m) : template.length);
  return [...left.keys()].sort((a, b) => rank(a) - rank(b) || left.get(a)! - left.get(b)! || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * 行次 tables by 行次; otherwise as printed (page, then top) where boxes exist, a two-sided table
 * (income | expenditure) left side first; without boxes 合计 first, then codes, then names.
 */
function rowOrder(rows: TableRow[], twoSided: boolean): TableRow[] {
  const first = (r: TableRow) => {
    let best = { page: Infinity, x: Infinity, y: Infinity };
    for (const f of r.cells.values()) {
      const t = { page: f.page ?? Infinity, x: f.box?.[0] ?? Infinity, y: f.box?.[1] ?? Infinity };
      if (t.page < best.page || (t.page === best.page && t.y < best.y)) best = t;
    }
    return best;
  };
  const xs = rows.map((r) => first(r).x).filter(Number.isFinite);
  const middle = xs.length ? (Math.min(...xs) + Math.max(...xs)) / 2 : 0;
  const side = (x: number) => (twoSided && Number.isFinite(x) && x > middle ? 1 : 0);
  const fallback = (r: TableRow) => (r.item_code ? 1 : r.item_name === '合计' ? 0 : 2);
  return rows.sort((a, b) => {
    if (a.line_no != null || b.line_no != null) return (a.line_no ?? Infinity) - (b.line_no ?? Infinity);
    const [fa, fb] = [first(a), first(b)];
    if (fa.page !== fb.page) return fa.page - fb.page;
    if (side(fa.x) !== side(fb.x)) return side(fa.x) - side(fb.x);
    if (fa.y !== fb.y && Number.isFinite(fa.y) && Number.isFinite(fb.y)) return fa.y - fb.y;
    return fallback(a) - fallback(b) || cmp(a.item_code, b.item_code) || cmp(a.item_name, b.item_name);
  });
}

const cmp = (a: string | null, b: string | null) => ((a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0);

/** Where a finding points: a cell (table, row, measure), a row, a table, or the report. */
function findingTarget(f: Finding, tables: BuiltTable[]): { table?: BuiltTable; row?: TableRow; measure?: string } {
  const table = tables.find((t) => t.code === f.table_code);
  if (!table) return {};
  const row = table.rows.find((r) =>
    f.item_code ? r.item_code === f.item_code : f.line_no != null ? r.line_no === f.line_no : f.item_name ? r.item_name === f.item_name && !r.item_code : false,
  );
  if (!row) return { table };
  return { table, row, measure: f.measure && row.cells.has(f.measure) ? f.measure : undefined };
}

/** Findings indexed by the element they mark: `t:<code>`, `r:<code>:<row>`, `c:<code>:<row>:<measure>`. */
export function findingMarks(findings: Finding[], tables: BuiltTable[]): Map<string, number[]> {
  const marks = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const t = findingTarget(f, tables);
    if (!t.table) return;
    const id = !t.row ? `t:${t.table.code}` : t.measure ? `c:${t.table.code}:${t.row.key}:${t.measure}` : `r:${t.table.code}:${t.row.key}`;
    marks.set(id, [...(marks.get(id) ?? []), i]);
  });
  return marks;
}

/** Element id of a finding's target (for links from the findings list), or null. */
export function findingAnchor(f: Finding, tables: BuiltTable[]): string | null {
  const t = findingTarget(f, tables);
  if (!t.table) return null;
  if (!t.row) return anchorId('t', t.table.code);
  return t.measure ? anchorId('c', t.table.code, t.row.key, t.measure) : anchorId('r', t.table.code, t.row.key);
}

/** A stable, HTML-safe element id. */
function anchorId(...parts: string[]): string {
  return parts.map((p) => [...p].map((ch) => (/[A-Za-z0-9]/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}`)).join('')).join('-');
}

function markClass(indices: number[] | undefined, findings: Finding[]): string {
  if (!indices?.length) return '';
  const worst = indices.map((i) => findings[i]!.severity).sort((a, b) => (SEVERITY_RANK[a] ?? 3) - (SEVERITY_RANK[b] ?? 3))[0]!;
  return ` mark-${worst}`;
}

function markTitle(indices: number[] | undefined, findings: Finding[]): string {
  return (indices ?? []).map((i) => `${SEVERITY_ZH[findings[i]!.severity] ?? findings[i]!.severity}：${explainCheck(findings[i]!.check_id).title}`).join('；');
}

function valueCell(t: BuiltTable, row: TableRow, measure: string, marks: Map<string, number[]>, findings: Finding[]): string {
  const f = row.cells.get(measure);
  if (!f) return '<td></td>';
  const idx = marks.get(`c:${t.code}:${row.key}:${measure}`);
  const printed = f.value_text ?? '';
  const yuan = f.value_yuan != null ? `${yuanText(f.value_yuan)} 元` : `${f.quantity ?? printed}${f.quantity_unit ? ` ${f.quantity_unit}` : ''}`;
  const where = f.page != null ? `第 ${f.page} 页` : '';
  const title = [`${measure}：${yuan}`, where, markTitle(idx, findings)].filter(Boolean).join(' · ');
  const attrs = [
    `id="${anchorId('c', t.code, row.key, measure)}"`,
    `class="v${markClass(idx, findings)}"`,
    `tabindex="0"`,
    f.page != null ? `data-page="${f.page}"` : '',
    f.box ? `data-box="${f.box.map((n) => round2(n)).join(',')}"` : '',
    `data-printed="${esc(printed)}"`,
    `data-yuan="${esc(yuan)}"`,
    `data-what="${esc(`${t.code} ${t.name} · ${rowLabel(row)} · ${measure}`)}"`,
    idx ? `data-findings="${idx.join(' ')}"` : '',
    `title="${esc(title)}"`,
  ].filter(Boolean);
  return `<td ${attrs.join(' ')}>${esc(printed)}</td>`;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function rowLabel(r: { item_code: string | null; line_no: number | null; item_name: string | null }): string {
  return [r.line_no != null ? `行${r.line_no}` : '', r.item_code ?? '', r.item_name ?? ''].filter(Boolean).join(' ');
}

/** One table as HTML: caption with unit and pages, header, rows. */
export function tableHtml(t: BuiltTable, marks: Map<string, number[]>, findings: Finding[]): string {
  const hasLine = t.rows.some((r) => r.line_no != null);
  const hasCode = t.rows.some((r) => r.item_code != null);
  const head = [
    hasLine ? '<th title="line_no">行次</th>' : '',
    hasCode ? '<th title="item_code">科目编码</th>' : '',
    '<th title="item_name">项目</th>',
    ...t.measures.map((m) => `<th class="n" title="measure">${esc(m)}</th>`),
  ].join('');
  const body = t.rows.map((r) => {
    const idx = marks.get(`r:${t.code}:${r.key}`);
    const label = [
      hasLine ? `<td class="n">${esc(r.line_no ?? '')}</td>` : '',
      hasCode ? `<td>${esc(r.item_code ?? '')}</td>` : '',
      `<td class="label${markClass(idx, findings)}"${idx ? ` title="${esc(markTitle(idx, findings))}" data-findings="${idx.join(' ')}"` : ''}>${esc(r.item_name ?? '')}</td>`,
    ].join('');
    return `<tr id="${anchorId('r', t.code, r.key)}">${label}${t.measures.map((m) => valueCell(t, r, m, marks, findings)).join('')}</tr>`;
  });
  const tIdx = marks.get(`t:${t.code}`);
  const caption = `<span class="code">${esc(t.code)}</span> ${esc(t.name)}<small>单位：${esc(t.unit ?? '未注明')}（如原表） · 第 ${t.pages.join('、')} 页</small>`;
  return [
    `<section class="tbl" id="${anchorId('t', t.code)}">`,
    `<h3 class="${markClass(tIdx, findings).trim()}">${caption}</h3>`,
    `<div class="scroll"><table class="data"><thead><tr>${head}</tr></thead><tbody>`,
    ...body,
    '</tbody></table></div></section>',
  ].join('\n');
}
