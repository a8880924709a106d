/**
 * A department's history: the same measure across fiscal years and across 预算/决算, as small
 * inline SVG bar charts (no script needed). Which cell is "the same measure" in each report
 * kind is data (HISTORY_MEASURES), not code.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { queryRows, sqlString } from '../../load/db.ts';
import { esc, wan } from '../html.ts';

/** A printed cell: a row by 行次 or by name (a 合计 row has no item_code), and its column. */
interface CellRef {
  table_code: string;
  line_no?: number;
  item_name?: string;
  measure: string;
}

/** A measure comparable across report kinds: where it is printed in a 决算 and in a 预算, best first. */
export interface HistoryMeasure {
  label: string;
  cells: Record<'决算' | '预算', CellRef[]>;
}

const JS_TOTAL = { table_code: '03', item_name: '合计' };
const YS_TOTAL = { table_code: 'B03', item_name: '合计' };

export const HISTORY_MEASURES: HistoryMeasure[] = [
  {
    label: '收入合计',
    cells: {
      决算: [{ table_code: '01', line_no: 27, measure: '金额' }, { table_code: '02', item_name: '合计', measure: '本年收入合计' }],
      预算: [{ table_code: 'B01', item_name: '本年收入合计', measure: '预算数' }, { table_code: 'B02', item_name: '合计', measure: '合计' }],
    },
  },
  {
    label: '支出合计',
    cells: {
      决算: [{ table_code: '01', line_no: 58, measure: '金额' }, { ...JS_TOTAL, measure: '本年支出合计' }],
      预算: [{ table_code: 'B01', item_name: '本年支出合计', measure: '预算数' }, { ...YS_TOTAL, measure: '合计' }],
    },
  },
  { label: '基本支出', cells: { 决算: [{ ...JS_TOTAL, measure: '基本支出' }], 预算: [{ ...YS_TOTAL, measure: '基本支出' }] } },
  { label: '项目支出', cells: { 决算: [{ ...JS_TOTAL, measure: '项目支出' }], 预算: [{ ...YS_TOTAL, measure: '项目支出' }] } },
  { label: '“三公”经费', cells: { 决算: [{ table_code: '09', item_name: '合计', measure: '决算数' }], 预算: [{ table_code: 'B07', item_name: '合计', measure: '预算数' }] } },
];

export const KIND_COLOUR: Record<string, string> = { 决算: '#4e79a7', 预算: '#f28e2b' };

export interface HistoryPoint {
  report_id: string;
  fiscal_year: number;
  report_kind: string;
  measure: string;
  yuan: string;
}

/** The key that makes two reports "the same department": its name and scope (汇总/本级). */
export function departmentKey(r: { department?: unknown; scope?: unknown }): string {
  return `${r.department ?? ''}|${r.scope ?? ''}`;
}

/** Every history point of every department, keyed by departmentKey. */
export async function loadHistory(conn: DuckDBConnection): Promise<Map<string, HistoryPoint[]>> {
  const q = (v: string | number | undefined) => (v == null ? 'NULL' : typeof v === 'number' ? String(v) : sqlString(v));
  const refs = HISTORY_MEASURES.flatMap((m) =>
    Object.entries(m.cells).flatMap(([kind, cells]) =>
      cells.map((c, rank) => `(${q(m.label)}, ${q(kind)}, ${rank}, ${q(c.table_code)}, ${q(c.line_no)}, ${q(c.item_name)}, ${q(c.measure)})`),
    ),
  );
  // Per report and measure, the best-ranked cell the report prints.
  const rows = await queryRows(
    conn,
    `WITH refs(label, kind, rank, table_code, line_no, item_name, measure) AS (VALUES ${refs.join(', ')}),
     hits AS (
       SELECT r.department, r.scope, r.report_id, r.fiscal_year, r.report_kind, refs.label, refs.rank, min(f.value_yuan) AS yuan
       FROM facts f JOIN reports r USING (report_id)
       JOIN refs ON refs.kind = r.report_kind AND refs.table_code = f.table_code AND refs.measure = f.measure
         AND (refs.line_no IS NULL OR refs.line_no = f.line_no) AND (refs.item_name IS NULL OR (refs.item_name = f.item_name AND f.item_code IS NULL))
       WHERE f.value_yuan IS NOT NULL AND r.fiscal_year IS NOT NULL AND f.method <> 'narrative'
       GROUP BY ALL)
     SELECT department, scope, report_id, fiscal_year, report_kind, label, CAST(arg_min(yuan, rank) AS VARCHAR) AS yuan
     FROM hits GROUP BY ALL ORDER BY department, scope, fiscal_year, report_kind, report_id, label`,
  );
  const out = new Map<string, HistoryPoint[]>();
  for (const r of rows) {
    const key = departmentKey(r);
    const list = out.get(key) ?? [];
    list.push({ report_id: String(r.report_id), fiscal_year: Number(r.fiscal_year), report_kind: String(r.report_kind), measure: String(r.label), yuan: String(r.yuan) });
    out.set(key, list);
  }
  return out;
}

const CHART = { width: 260, height: 150, top: 18, bottom: 22, left: 6, barWidth: 16, gap: 4 };

/** One small chart: per fiscal year a bar per report kind, linked to that report's page. */
export function historyChart(label: string, points: HistoryPoint[], href: (reportId: string) => string, current: string): string {
  const years = [...new Set(points.map((p) => p.fiscal_year))].sort((a, b) => a - b);
  const kinds = Object.keys(KIND_COLOUR);
  const max = Decimal.max(1, ...points.map((p) => new Decimal(p.yuan)));
  const plot = CHART.height - CHART.top - CHART.bottom;
  const slot = kinds.length * CHART.barWidth + 3 * CHART.gap;
  const width = Math.max(CHART.width, CHART.left * 2 + years.length * slot);
  const bars: string[] = [];
  years.forEach((year, yi) => {
    const x0 = CHART.left + yi * slot + CHART.gap;
    kinds.forEach((kind, ki) => {
      const p = points.find((q) => q.fiscal_year === year && q.report_kind === kind);
      if (!p) return;
      const h = Decimal.max(0, new Decimal(p.yuan)).div(max).mul(plot);
      const x = x0 + ki * CHART.barWidth;
      const y = new Decimal(CHART.top + plot).minus(h);
      const cls = p.report_id === current ? ' class="current"' : '';
      bars.push(
        `<a href="${esc(href(p.report_id))}"><rect${cls} x="${x}" y="${y.toFixed(1)}" width="${CHART.barWidth - 2}" height="${h.toFixed(1)}" fill="${KIND_COLOUR[kind]}">` +
          `<title>${esc(`${year} ${kind} ${label}：${wan(p.yuan)} 万元`)}</title></rect></a>`,
      );
    });
    bars.push(`<text x="${x0 + CHART.barWidth}" y="${CHART.height - 6}" text-anchor="middle" font-size="11">${year}</text>`);
  });
  return [
    `<figure class="hist"><figcaption>${esc(label)}（万元，最大 ${esc(wan(max.toFixed(2)))}）</figcaption>`,
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(label)}" width="${width}" height="${CHART.height}" viewBox="0 0 ${width} ${CHART.height}">`,
    `<line x1="0" y1="${CHART.top + plot}" x2="${width}" y2="${CHART.top + plot}" stroke="#999"/>`,
    ...bars,
    '</svg></figure>',
  ].join('\n');
}

/** The history section of a report page. */
export function historySection(points: HistoryPoint[], href: (reportId: string) => string, current: string): string {
  const legend = Object.entries(KIND_COLOUR).map(([k, c]) => `<span style="background:${c}"></span>${k}`).join('');
  const reports = new Set(points.map((p) => p.report_id));
  const note = reports.size <= 1
    ? '<p class="note">本发布中这个部门只有这一份报告；有其他年度或预算/决算报告时，这里并列显示。</p>'
    : `<p class="note">本发布中这个部门有 ${reports.size} 份报告。点击柱形打开该报告。</p>`;
  const charts = HISTORY_MEASURES.map((m) => {
    const mine = points.filter((p) => p.measure === m.label);
    return mine.length ? historyChart(m.label, mine, href, current) : '';
  }).filter(Boolean);
  if (charts.length === 0) return '';
  return [
    '<section id="history"><h2>本部门历年数据 <small>预算与决算对照</small></h2>',
    `<p class="legend">${legend}</p>`, note, `<div class="hists">${charts.join('\n')}</div></section>`,
  ].join('\n');
}
