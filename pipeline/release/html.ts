/**
 * The release's static HTML overview: index.html (coverage, quality, list of reports) and one
 * page per report (metadata, source pages, quality findings, expenditure by 类 as an inline SVG
 * chart). No server, no scripts, no external assets: the pages open from a USB stick.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Decimal } from 'decimal.js';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { queryRows } from '../load/db.ts';
import { explainCheck, SEVERITY_ZH } from './explorer/checks.ts';
import { fieldTh, FIELD_ZH, STATUS_ZH } from './explorer/labels.ts';

type Row = Record<string, unknown>;

/** Widest bar of a chart, in SVG user units; the rest scale to it. */
const CHART_BAR_WIDTH = 420;
/** Room for the row label left of the bars (a 3-digit code and a name of up to ~12 characters). */
const CHART_LABEL_WIDTH = 230;
const CHART_ROW_HEIGHT = 24;

const STYLE = `
body{font-family:"Noto Sans CJK SC","WenQuanYi Zen Hei","Microsoft YaHei",sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}th small{display:block;font-weight:normal;color:#888;font-size:.75em}.error{color:#b00020}.warning{color:#a15c00}.info{color:#555}
dl{display:grid;grid-template-columns:max-content auto;gap:.25rem 1rem}dt{font-weight:bold}
.legend span{display:inline-block;width:1em;height:1em;margin:0 .3em 0 1em;vertical-align:middle}
footer{margin-top:3rem;color:#666;font-size:.9em}`;

const BASIC_COLOUR = '#4e79a7';
const PROJECT_COLOUR = '#f28e2b';

export function esc(v: unknown): string {
  return String(v ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** '-1234567.8' → '-1,234,567.80': thousands separators on an exact 2-decimal string. */
function grouped(d: Decimal): string {
  const [int, frac] = d.toFixed(2).split('.');
  return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

/** 元 (decimal string) → '1,234.56' 万元, exact. */
export function wan(yuan: unknown): string {
  if (yuan == null || yuan === '') return '';
  return grouped(new Decimal(String(yuan)).div(10000));
}

/** 元 (decimal string) → '8,120,300.00' 元, exact. */
export function yuanText(yuan: string): string {
  return grouped(new Decimal(yuan));
}

/** File name of a report's page; report ids are hex, but never trust a name in a path. */
export function reportPage(reportId: string): string {
  return `reports/${reportId.replace(/[^A-Za-z0-9_-]/g, '_')}.html`;
}

function page(title: string, body: string, version: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<footer>juesuan 数据发布 ${esc(version)} · 数据采用 CC-BY-4.0 许可 · 本页金额单位均为万元（数据文件中为元）</footer>
</body>
</html>
`;
}

/** Header cells are HTML (fieldTh gives Chinese label + field name); plain strings are escaped by the caller. */
function table(header: string[], rows: string[][], numeric: number[] = []): string {
  const th = header.map((h, i) => (h.startsWith('<th') ? h : `<th${numeric.includes(i) ? ' class="n"' : ''}>${h}</th>`)).join('');
  const trs = rows.map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`);
  return `<table>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${trs.join('\n')}\n</tbody>\n</table>`;
}

export interface Bar {
  label: string;
  /** Stacked parts in 元 (decimal strings), e.g. 基本支出 and 项目支出. */
  parts: { value: string | null; colour: string; name: string }[];
  total: string | null;
}

/** A horizontal stacked bar chart as inline SVG. Widths are for drawing only, never for money. */
export function barChart(title: string, bars: Bar[]): string {
  const max = Decimal.max(1, ...bars.map((b) => new Decimal(b.total ?? 0)));
  const height = bars.length * CHART_ROW_HEIGHT + 10;
  const width = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 110;
  const rows = bars.map((b, i) => {
    const y = i * CHART_ROW_HEIGHT + 5;
    let x = new Decimal(CHART_LABEL_WIDTH);
    const rects = b.parts.map((p) => {
      const w = Decimal.max(0, new Decimal(p.value ?? 0)).div(max).mul(CHART_BAR_WIDTH);
      const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${CHART_ROW_HEIGHT - 6}" fill="${p.colour}"><title>${esc(`${p.name} ${wan(p.value)} 万元`)}</title></rect>`;
      x = x.plus(w);
      return rect;
    });
    const textY = y + CHART_ROW_HEIGHT - 11;
    return [
      `<text x="${CHART_LABEL_WIDTH - 6}" y="${textY}" text-anchor="end" font-size="13">${esc(b.label)}</text>`,
      ...rects,
      `<text x="${x.plus(4).toFixed(1)}" y="${textY}" font-size="12">${esc(wan(b.total))}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${rows.join('\n')}\n</svg>`;
}

export interface SiteInput {
  conn: DuckDBConnection;
  dir: string;
  version: string;
}

/** Write index.html and reports/<report_id>.html into the release dir. */
export async function writeSite(input: SiteInput): Promise<void> {
  const { conn, dir, version } = input;
  const reports = await queryRows(conn, `SELECT * FROM reports ORDER BY province NULLS LAST, city NULLS LAST, department NULLS LAST, fiscal_year, report_id`);
  await writeFile(join(dir, 'index.html'), page(`部门预算·决算数据发布 ${version}`, await indexBody(conn, reports, version), version));
  await mkdir(join(dir, 'reports'), { recursive: true });
  const data = await loadPerReport(conn);
  for (const r of reports) {
    const title = `${r.department ?? r.file_name ?? r.report_id} ${r.fiscal_year ?? ''}`.trim();
    await writeFile(join(dir, reportPage(String(r.report_id))), page(title, reportBody(r, data), version));
  }
}

async function indexBody(conn: DuckDBConnection, reports: Row[], version: string): Promise<string> {
  const [totals] = await queryRows(conn, `SELECT (SELECT count(*) FROM facts)::INTEGER AS facts, (SELECT count(*) FROM quality)::INTEGER AS findings`);
  return [
    `<h1>部门预算·决算数据发布 ${esc(version)}</h1>`,
    `<p>${reports.length} 份报告，${totals!.facts} 条数据，${totals!.findings} 条质量检查记录。<b><a href="explorer/index.html">打开数据浏览器</a></b>：按原表查看每个数字，并对照原文件页面。</p>`,
    dataFileLinks(),
    '<h2>按省份和年度的报告数</h2>',
    await coverageTable(conn),
    '<h2>数据质量</h2>',
    await qualitySummary(conn),
    await totalsChart(conn),
    '<h2>报告</h2>',
    table(
      [...['department', 'fiscal_year', 'report_kind', 'province', 'city', 'status'].map((f) => fieldTh(f)), ...['n_facts', 'n_errors', 'n_warnings', 'quality_score'].map((f) => fieldTh(f, true)), '浏览'],
      reports.map((r) => [
        `<a href="${esc(reportPage(String(r.report_id)))}">${esc(r.department ?? r.file_name ?? r.report_id)}</a>`,
        esc(r.fiscal_year), esc(r.report_kind), esc(r.province), esc(r.city),
        `<span class="${r.status === 'failed' ? 'error' : r.status === 'partial' ? 'warning' : ''}">${esc(STATUS_ZH[String(r.status)] ?? r.status)}</span>`,
        esc(r.n_facts), esc(r.n_errors), esc(r.n_warnings), esc(score(r.quality_score)),
        `<a href="explorer/${esc(reportPage(String(r.report_id)))}">表格与原页</a>`,
      ]),
    ),
  ].join('\n');
}

/** One bar per report: its 本年支出合计 (table 01, 行次 58). */
async function totalsChart(conn: DuckDBConnection): Promise<string> {
  const rows = await queryRows(
    conn,
    `SELECT r.department, r.fiscal_year, r.report_id, CAST(max(f.value_yuan) AS VARCHAR) AS total
     FROM facts f JOIN reports r USING (report_id)
     WHERE f.table_code = '01' AND f.line_no = 58 AND f.value_yuan IS NOT NULL
     GROUP BY ALL ORDER BY r.department NULLS LAST, r.fiscal_year, r.report_id`,
  );
  if (rows.length === 0) return '';
  const bars: Bar[] = rows.map((x) => ({
    label: `${x.department ?? x.report_id} ${x.fiscal_year ?? ''}`,
    total: x.total as string,
    parts: [{ name: '本年支出合计', value: x.total as string, colour: BASIC_COLOUR }],
  }));
  return ['<h2>各报告本年支出合计（01 表第 58 行，万元）</h2>', barChart('各报告本年支出合计', bars)].join('\n');
}

const score = (v: unknown) => (v == null ? '' : Number(v).toFixed(3));

async function coverageTable(conn: DuckDBConnection): Promise<string> {
  const rows = await queryRows(
    conn,
    `SELECT coalesce(province, '(unknown)') AS province, coalesce(CAST(fiscal_year AS VARCHAR), '(unknown)') AS year, count(*)::INTEGER AS n
     FROM reports GROUP BY ALL ORDER BY province, year`,
  );
  const years = [...new Set(rows.map((r) => String(r.year)))].sort();
  const provinces = [...new Set(rows.map((r) => String(r.province)))];
  const count = (p: string, y: string) => rows.find((r) => r.province === p && r.year === y)?.n ?? '';
  return table([fieldTh('province'), ...years.map(esc)], provinces.map((p) => [esc(p), ...years.map((y) => esc(count(p, y)))]), years.map((_, i) => i + 1));
}

async function qualitySummary(conn: DuckDBConnection): Promise<string> {
  const status = await queryRows(conn, `SELECT status, count(*)::INTEGER AS n FROM reports GROUP BY status ORDER BY status`);
  const checks = await queryRows(
    conn,
    `SELECT check_id, severity, count(*)::INTEGER AS n, count(DISTINCT report_id)::INTEGER AS reports
     FROM quality GROUP BY check_id, severity
     ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, n DESC, check_id`,
  );
  return [
    `<p>报告状态：${status.map((s) => `${esc(STATUS_ZH[String(s.status)] ?? s.status)} ${esc(s.n)} 份`).join('，') || '无'}。</p>`,
    table(
      [fieldTh('check_id'), '含义', fieldTh('severity'), '<th class="n">记录数</th>', '<th class="n">报告数</th>'],
      checks.map((c) => {
        const text = explainCheck(String(c.check_id));
        return [`<b>${esc(text.title)}</b><br><code>${esc(c.check_id)}</code>`, esc(text.meaning), `<span class="${esc(c.severity)}">${esc(SEVERITY_ZH[String(c.severity)] ?? c.severity)}</span>`, esc(c.n), esc(c.reports)];
      }),
      [3, 4],
    ),
  ].join('\n');
}

function sourceLink(r: Row, pageNo?: number): string {
  const url = String(r.source_url ?? '');
  const label = pageNo == null ? esc(url) : `第 ${pageNo} 页`;
  // Only web sources get a link: a local path of the machine that ran the pipeline means nothing here.
  if (/^https?:\/\//i.test(url)) return `<a href="${esc(pageNo == null ? url : `${url}#page=${pageNo}`)}">${label}</a>`;
  return label;
}

/** Per-report rows of each section, fetched with one query per section (not per report: thousands of reports). */
interface PerReport {
  totals: Map<string, Row[]>;
  classes: Map<string, Row[]>;
  tables: Map<string, Row[]>;
  findings: Map<string, Row[]>;
}

function byReport(rows: Row[]): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const r of rows) {
    const id = String(r.report_id);
    const list = map.get(id);
    if (list) list.push(r);
    else map.set(id, [r]);
  }
  return map;
}

async function loadPerReport(conn: DuckDBConnection): Promise<PerReport> {
  const totals = await queryRows(
    conn,
    `SELECT report_id, line_no, item_name, CAST(value_yuan AS VARCHAR) AS v FROM facts
     WHERE table_code = '01' AND line_no IN (27, 29, 58, 60) AND value_yuan IS NOT NULL
     ORDER BY report_id, line_no, item_name, v`,
  );
  const classes = await queryRows(
    conn,
    `SELECT report_id, item_code, min(item_name) AS item_name,
       CAST(max(value_yuan) FILTER (WHERE measure = '本年支出合计') AS VARCHAR) AS total,
       CAST(max(value_yuan) FILTER (WHERE measure = '基本支出') AS VARCHAR) AS basic,
       CAST(max(value_yuan) FILTER (WHERE measure = '项目支出') AS VARCHAR) AS project
     FROM facts WHERE table_code = '03' AND length(item_code) = 3
     GROUP BY report_id, item_code ORDER BY report_id, item_code`,
  );
  const tables = await queryRows(
    conn,
    `SELECT report_id, table_code, min(table_name) AS table_name, count(*)::INTEGER AS n, list(DISTINCT page ORDER BY page) AS pages
     FROM facts GROUP BY report_id, table_code ORDER BY report_id, table_code`,
  );
  const findings = await queryRows(
    conn,
    `SELECT report_id, severity, check_id, table_code, coalesce(item_code, CAST(line_no AS VARCHAR), item_name) AS item, measure,
       CAST(expected AS VARCHAR) AS expected, CAST(actual AS VARCHAR) AS actual, message, page
     FROM quality
     ORDER BY report_id, CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, check_id, table_code NULLS FIRST,
       item NULLS FIRST, measure NULLS FIRST, message, page NULLS FIRST, expected NULLS FIRST, actual NULLS FIRST`,
  );
  return { totals: byReport(totals), classes: byReport(classes), tables: byReport(tables), findings: byReport(findings) };
}

function reportBody(r: Row, data: PerReport): string {
  const id = String(r.report_id);
  const region = [r.province, r.city, r.county].filter((x) => x != null).join(' ');
  const meta: [string, string][] = [
    ['report_id', esc(id)], ['fiscal_year', esc(r.fiscal_year)], ['report_kind', esc([r.report_kind, r.scope].filter(Boolean).join(' '))],
    ['province', esc(region)], ['status', esc(STATUS_ZH[String(r.status)] ?? r.status)], ['quality_score', esc(score(r.quality_score))],
    ['n_facts', esc(r.n_facts)], ['pages', `${esc(r.pages)}（扫描识别 ${esc(r.ocr_pages)}）`], ['unit_as_printed', esc(r.unit_as_printed)],
    ['source_url', sourceLink(r)], ['file_name', esc(r.file_name)], ['source_sha256', `<code>${esc(r.source_sha256)}</code>`],
  ];
  return [
    `<p><a href="../index.html">← 全部报告</a> · <b><a href="../explorer/${esc(reportPage(id))}">在数据浏览器中查看表格与原页</a></b></p>`,
    `<h1>${esc(r.department ?? r.file_name ?? id)} ${esc(r.fiscal_year ?? '')} ${esc(r.report_kind ?? '')}</h1>`,
    `<dl>${meta.map(([k, v]) => `<dt title="${esc(k)}">${esc(FIELD_ZH[k] ?? k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
    totalsSection(data.totals.get(id) ?? []),
    expenditureChart(data.classes.get(id) ?? []),
    tablesSection(r, data.tables.get(id) ?? []),
    findingsSection(data.findings.get(id) ?? []),
  ].join('\n');
}

function totalsSection(rows: Row[]): string {
  if (rows.length === 0) return '';
  return [
    '<h2>主要合计（01 表，万元）</h2>',
    table([fieldTh('line_no', true), fieldTh('item_name'), '<th class="n">金额（万元）</th>'], rows.map((x) => [esc(x.line_no), esc(x.item_name), esc(wan(x.v))]), [0, 2]),
  ].join('\n');
}

function expenditureChart(rows: Row[]): string {
  if (rows.length === 0) return '';
  const bars: Bar[] = rows.map((x) => ({
    label: `${x.item_code} ${x.item_name ?? ''}`,
    total: (x.total as string | null) ?? null,
    parts: [
      { name: '基本支出', value: x.basic as string | null, colour: BASIC_COLOUR },
      { name: '项目支出', value: x.project as string | null, colour: PROJECT_COLOUR },
    ],
  }));
  return [
    '<h2>按功能分类“类”的支出（03 表，万元）</h2>',
    `<p class="legend"><span style="background:${BASIC_COLOUR}"></span>基本支出<span style="background:${PROJECT_COLOUR}"></span>项目支出</p>`,
    barChart('按功能分类“类”的支出', bars),
  ].join('\n');
}

function tablesSection(r: Row, rows: Row[]): string {
  if (rows.length === 0) return '<h2>表格</h2>\n<p>这份报告没有读出数据。</p>';
  const pages = (v: unknown) => ((v as (number | null)[]) ?? []).filter((p): p is number => p != null).map((p) => sourceLink(r, p)).join(', ');
  return [
    '<h2>表格</h2>',
    table([fieldTh('table_code'), '<th>表名<small>table_name</small></th>', '<th class="n">数据条数</th>', '<th>原文件页码<small>page</small></th>'], rows.map((x) => [esc(x.table_code), esc(x.table_name), esc(x.n), pages(x.pages)]), [2]),
  ].join('\n');
}

function findingsSection(rows: Row[]): string {
  if (rows.length === 0) return '<h2>质量检查结果</h2>\n<p>没有发现问题。</p>';
  return [
    '<h2>质量检查结果</h2>',
    table(
      [fieldTh('severity'), fieldTh('check_id'), '<th>含义</th>', fieldTh('table_code'), '<th>项目<small>item</small></th>', fieldTh('measure'),
        '<th class="n">应为（万元）<small>expected</small></th>', '<th class="n">原表数（万元）<small>actual</small></th>', fieldTh('message'), fieldTh('page', true)],
      rows.map((x) => {
        const text = explainCheck(String(x.check_id));
        return [
          `<span class="${esc(x.severity)}">${esc(SEVERITY_ZH[String(x.severity)] ?? x.severity)}</span>`, `<b>${esc(text.title)}</b><br><code>${esc(x.check_id)}</code>`,
          esc(text.meaning), esc(x.table_code), esc(x.item), esc(x.measure), esc(wan(x.expected)), esc(wan(x.actual)), esc(x.message), esc(x.page),
        ];
      }),
      [6, 7, 9],
    ),
  ].join('\n');
}

/** Links to every kind of data file of the release, with what each is. */
function dataFileLinks(): string {
  const files: [string, string][] = [
    ['csv/facts.csv', '数据（facts，CSV，UTF-8）'], ['csv/reports.csv', '报告（reports，CSV）'], ['csv/quality.csv', '质量日志（quality，CSV）'],
    ['excel/facts.csv', 'Excel 用 CSV'], ['parquet/', 'Parquet（zstd）'], ['datapackage.json', 'datapackage.json（字段说明）'],
    ['README.md', 'README（数据字典）'], ['CHANGELOG.md', 'CHANGELOG'], ['failures.csv', '未能处理的文件（failures.csv）'], ['SHA256SUMS', 'SHA256SUMS（校验）'],
  ];
  return `<p>数据文件：${files.map(([f, label]) => `<a href="${f}">${esc(label)}</a>`).join(' · ')}</p>`;
}
