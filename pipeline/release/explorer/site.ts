/**
 * The explorer's HTML: the index of reports (filters, search) and one page per report
 * (metadata, links, history, tables, findings, the page viewer).
 */
import { esc, wan } from '../html.ts';
import { explainCheck, SEVERITY_ZH } from './checks.ts';
import type { Finding, Row } from './data.ts';
import { historySection, type HistoryPoint } from './history.ts';
import { fieldTh, FIELD_ZH, STATUS_ZH } from './labels.ts';
import type { PageImage } from './pages.ts';
import { findingAnchor, findingMarks, tableHtml, type BuiltTable } from './tables.ts';

export const EXPLORER_DIR = 'explorer';

export function reportHref(reportId: string): string {
  return `reports/${safeId(reportId)}.html`;
}

export const safeId = (id: string) => id.replace(/[^A-Za-z0-9_-]/g, '_');

/** The release's files, linked from every page; `up` is the path from the page to the release root. */
function fileLinks(up: string): string {
  const files: [string, string][] = [
    ['README.md', '说明与数据字典 README'], ['csv/facts.csv', '数据 CSV'], ['parquet/', 'Parquet'], ['excel/', 'Excel CSV'],
    ['datapackage.json', 'datapackage.json'], ['SHA256SUMS', '校验和 SHA256SUMS'], ['CHANGELOG.md', '变更 CHANGELOG'], ['failures.csv', '未能处理的文件 failures.csv'], ['index.html', '发布概览'],
  ];
  return `<nav class="files">${files.map(([f, label]) => `<a href="${up}${f}">${esc(label)}</a>`).join('')}</nav>`;
}

export function shell(opts: { title: string; up: string; version: string; body: string; script: string }): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
<link rel="stylesheet" href="${opts.up}explorer/explorer.css">
</head>
<body>
<main>
${fileLinks(opts.up)}
${opts.body}
<footer>juesuan 数据发布 ${esc(opts.version)} · 数据采用 CC-BY-4.0 许可 · 表格数字为原表所印（多为万元），数据文件中金额为元</footer>
</main>
<script src="${opts.up}explorer/${opts.script}"></script>
</body>
</html>
`;
}

const FILTERS = ['province', 'city', 'fiscal_year', 'report_kind', 'status'] as const;

function options(reports: Row[], field: string): string {
  const values = [...new Set(reports.map((r) => r[field]).filter((v) => v != null).map(String))].sort();
  const label = (v: string) => (field === 'status' ? `${STATUS_ZH[v] ?? v} (${v})` : v);
  return ['<option value="">全部</option>', ...values.map((v) => `<option value="${esc(v)}">${esc(label(v))}</option>`)].join('');
}

export function indexBody(reports: Row[], version: string): string {
  const filters = FILTERS.map((f) => `<label>${FIELD_ZH[f]}<select data-filter="${f.replace('_', '-')}" name="${f}">${options(reports, f)}</select></label>`);
  const cols = ['department', 'fiscal_year', 'report_kind', 'scope', 'province', 'city', 'status', 'n_facts', 'n_errors', 'n_warnings'];
  const rows = reports.map((r) => {
    const data = FILTERS.map((f) => `data-${f.replace('_', '-')}="${esc(r[f] ?? '')}"`).join(' ');
    const status = String(r.status ?? '');
    return `<tr ${data} data-department="${esc(r.department ?? r.file_name ?? '')}">` +
      `<td><a href="${esc(reportHref(String(r.report_id)))}">${esc(r.department ?? r.file_name ?? r.report_id)}</a></td>` +
      `<td>${esc(r.fiscal_year)}</td><td>${esc(r.report_kind)}</td><td>${esc(r.scope)}</td><td>${esc(r.province)}</td><td>${esc(r.city)}</td>` +
      `<td class="status-${esc(status)}">${esc(STATUS_ZH[status] ?? status)}</td>` +
      `<td class="n">${esc(r.n_facts)}</td><td class="n">${esc(r.n_errors)}</td><td class="n">${esc(r.n_warnings)}</td></tr>`;
  });
  return [
    `<h1>部门预算·决算数据浏览 <small>发布 ${esc(version)}</small></h1>`,
    '<p>每份报告的标准表格按原表重建。<b>点击任何数字</b>，右侧显示它在原文件中的页面，并用红框标出所在单元格；数字为原表所印（多为万元），悬停可见元，“显示元”可整体切换。标色的单元格有数据质量提示：红色为错误，橙色为警告，灰蓝为尾数误差等记录，点击可看检查的含义。报告页下方的“本部门历年数据”并列显示同一部门各年度的预算与决算。</p>',
    `<div class="filters">${filters.join('')}<label>部门搜索<input id="q" type="search" placeholder="输入部门名称的一部分"></label>` +
      `<span>显示 <b id="count">${reports.length}</b> / ${reports.length} 份报告</span></div>`,
    `<table id="reports"><thead><tr>${cols.map((c) => fieldTh(c, c.startsWith('n_'))).join('')}</tr></thead><tbody>`,
    ...rows,
    '</tbody></table>',
  ].join('\n');
}

function sourceLink(r: Row): string {
  const url = String(r.source_url ?? '');
  return /^https?:\/\//i.test(url) ? `<a href="${esc(url)}">${esc(url)}</a>` : esc(r.file_name ?? '');
}

export interface ReportPageInput {
  report: Row;
  tables: BuiltTable[];
  /** Tables of the cells layer no template maps, as printed. */
  others: BuiltTable[];
  findings: Finding[];
  pages: PageImage[];
  history: HistoryPoint[];
  /** Per-report CSV files, relative to the explorer folder. */
  files: { facts: string; quality: string };
}

export function reportBody(input: ReportPageInput): string {
  const { report: r, tables, findings } = input;
  const id = String(r.report_id);
  const marks = findingMarks(findings, tables);
  const meta: [string, string][] = [
    ['fiscal_year', esc(r.fiscal_year)], ['report_kind', esc([r.report_kind, r.scope].filter(Boolean).join(' · '))],
    ['province', esc([r.province, r.city, r.county].filter(Boolean).join(' '))],
    ['status', `<span class="status-${esc(r.status)}">${esc(STATUS_ZH[String(r.status)] ?? r.status)}</span>（错误 ${esc(r.n_errors)}，警告 ${esc(r.n_warnings)}）`],
    ['n_facts', esc(r.n_facts)], ['pages', `${esc(r.pages)}（扫描识别 ${esc(r.ocr_pages ?? 0)}）`], ['unit_as_printed', esc(r.unit_as_printed)],
    ['source_url', sourceLink(r)], ['source_sha256', `<code>${esc(r.source_sha256)}</code>`], ['report_id', `<code>${esc(id)}</code>`],
  ];
  const pageJson = Object.fromEntries(input.pages.map((p) => [String(p.page), { src: `../${p.src}`, scale: p.scale, width: p.width, height: p.height }]));
  const findingJson = findings.map((f) => ({ severity: f.severity, severity_zh: SEVERITY_ZH[f.severity] ?? f.severity, ...explainCheck(f.check_id) }));
  return [
    '<p><a href="../index.html">← 全部报告</a></p>',
    `<h1>${esc(r.department ?? r.file_name ?? id)} ${esc(r.fiscal_year ?? '')} ${esc(r.report_kind ?? '')}</h1>`,
    `<dl class="meta">${meta.map(([k, v]) => `<dt title="${k}">${FIELD_ZH[k] ?? k}</dt><dd>${v}</dd>`).join('')}</dl>`,
    `<p>本报告的数据：<a href="../${esc(input.files.facts)}">数据 CSV（facts）</a> · <a href="../${esc(input.files.quality)}">质量日志 CSV（quality）</a> · <a href="#findings">质量检查结果</a> · <a href="#history">历年数据</a></p>`,
    historySection(input.history, (rid) => `${safeId(rid)}.html`, id),
    '<h2 id="tables">表格 <small>数字为原表所印；点击数字查看原页</small></h2>',
    `<div class="toolbar"><button id="unit" type="button">显示元</button> <span class="note">${input.pages.length ? '' : '本发布未包含页面图像（--no-pages），点击数字只显示页码。'}</span></div>`,
    tables.length ? tables.map((t) => tableHtml(t, marks, findings)).join('\n') : '<p>这份报告没有读出标准表格的数据。</p>',
    input.others.length
      ? ['<h2 id="others">其他表格 <small>未对应到模板的表，按原表标题、行、列列出（cells）</small></h2>', ...input.others.map((t) => tableHtml(t, new Map(), []))].join('\n')
      : '',
    findingsSection(findings, tables),
    viewerHtml(),
    `<script type="application/json" id="page-images">${jsonForScript(pageJson)}</script>`,
    `<script type="application/json" id="findings-data">${jsonForScript(findingJson)}</script>`,
  ].join('\n');
}

/** JSON inside <script>: '<' escaped so no string can close the element. */
function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replaceAll('<', '\\u003c');
}

function viewerHtml(): string {
  return [
    '<aside id="viewer" hidden>',
    '<div class="bar"><div class="what"></div><div class="tools"><button class="zoom-in" type="button" title="放大">＋</button><button class="zoom-out" type="button" title="缩小">－</button><button class="close" type="button" title="Esc">关闭</button></div></div>',
    '<div class="pane"><div class="sheet"><img alt="原文件页面"><div id="highlight" hidden></div></div></div>',
    '</aside>',
  ].join('\n');
}

function findingsSection(findings: Finding[], tables: BuiltTable[]): string {
  if (findings.length === 0) return '<h2 id="findings">质量检查结果</h2>\n<p>没有发现问题。</p>';
  const rows = findings.map((f) => {
    const c = explainCheck(f.check_id);
    const anchor = findingAnchor(f, tables);
    const where = [f.table_code, f.item_code ?? (f.line_no != null ? `行${f.line_no}` : null) ?? f.item_name, f.measure].filter(Boolean).join(' · ');
    return `<tr class="sev-${esc(f.severity)}"><td>${esc(SEVERITY_ZH[f.severity] ?? f.severity)}</td>` +
      `<td><b>${esc(c.title)}</b><br><code>${esc(f.check_id)}</code></td><td>${esc(c.meaning)}</td>` +
      `<td>${anchor ? `<a href="#${anchor}">${esc(where)}</a>` : esc(where)}</td>` +
      `<td class="n">${esc(wan(f.expected))}</td><td class="n">${esc(wan(f.actual))}</td><td class="n">${esc(f.page ?? '')}</td><td>${esc(f.message)}</td></tr>`;
  });
  return [
    '<h2 id="findings">质量检查结果 <small>quality</small></h2>',
    '<table class="findings"><thead><tr>',
    `${fieldTh('severity')}${fieldTh('check_id')}<th>含义</th><th>位置</th><th class="n">应为（万元）<small>expected</small></th><th class="n">原表数（万元）<small>actual</small></th>${fieldTh('page', true)}${fieldTh('message')}`,
    '</tr></thead><tbody>',
    ...rows,
    '</tbody></table>',
  ].join('\n');
}
