/**
 * One reconstructed table → facts in the contract's long format: every non-empty value cell
 * becomes a row keyed by item_code (coded tables), line_no (01/04) or item_name (09, totals),
 * with the canonical measure and the value converted exactly to 元.
 */
import { columnRole, TABLES } from '../canon.ts';
import type { RawTable, TableRow } from '../types.ts';
import { canonicalTotal, codeFindings, codeParts, repairOcrCodes } from './codes.ts';
import { describeKey, finding, makeFact, type RowKey, type TableContext, type TableFacts } from './fact-row.ts';
import { measureFor, resolveBudgetMeasure } from './measures.ts';
import { parseAmount } from './numbers.ts';
import { horizontal09, isCountLabel, isHorizontal09, sangongItem } from './sangong.ts';
import { templateLine } from './template.ts';

export type { TableContext, TableFacts } from './fact-row.ts';
export { sangongItem } from './sangong.ts';

interface Panel {
  labels: number[];
  line: number | null;
  values: { col: number; measure: string | null; label: string }[];
}

export function tableFacts(table: RawTable, ctx: TableContext): TableFacts {
  const out: TableFacts = { facts: [], findings: [] };
  const unit = table.unit_as_printed ?? ctx.default_unit;
  // Table 10 counts vehicles and assets: it has no money unit to declare.
  if (!table.unit_as_printed && !table.empty && table.table_code !== '10') {
    out.findings.push(finding(ctx, table, 'unit.assumed', 'info', `table ${table.table_code} declares no money unit; assumed ${unit} like the rest of the report`));
  }
  if (table.table_code === '09' && isHorizontal09(table)) return horizontal09(table, ctx, unit, out);
  const panels = describePanels(table, out, ctx);
  const budget = resolveBudgetMeasure([...table.notes, ...ctx.prose]);
  for (const [p, panel] of panels.entries()) {
    const side = p === 0 ? 'income' : 'expenditure';
    let afterOpening = false;
    let prevCode = '';
    for (const row of table.rows) {
      const key = rowKey(table, panel, row, side, afterOpening, prevCode) ?? null;
      if (key && !key.item_code && !key.name && p > 0) key.name = spanningLabel(row, panels[p - 1]!);
      // 04's fund lines 29–31 follow 年初财政拨款结转和结余, printed with a value or not.
      if (table.table_code === '04' && panel.labels.some((c) => /年初.*结转/.test(row.cells[c] ?? ''))) afterOpening = true;
      if (!key) continue;
      if (key.codeParts) prevCode = key.codeParts;
      for (const v of panel.values) {
        const text = row.cells[v.col] ?? '';
        const amount = parseAmount(text);
        if (amount.kind === 'empty' || amount.kind === 'na') continue;
        if (!key.item_code && !key.name && key.line_no === null) {
          // A value whose row label was lost: published under no key it would be a number
          // nobody can place. Say where it is instead (the finding covers the whole table).
          out.findings.push(finding(ctx, table, 'row.unkeyed', 'warning', `value '${text}' in table ${table.table_code} (page ${row.page}, column '${v.label}') belongs to a row whose label could not be read; it was not loaded`, row.page));
          continue;
        }
        let measure = v.measure;
        if (measure === '预算数') measure = budget;
        if (table.table_code === '04' && side === 'income' && measure !== null) measure = '金额';
        if (!measure) {
          out.findings.push(finding(ctx, table, 'measure.unknown', 'warning', `column '${v.label}' of table ${table.table_code} is not a known measure; its value '${text}' (page ${row.page}) was not loaded`, row.page, key));
          continue;
        }
        if (amount.kind === 'invalid') {
          out.findings.push(finding(ctx, table, 'value.unreadable', 'error', `${amount.reason} (table ${table.table_code}, ${describeKey(key)}, ${measure}, page ${row.page})`, row.page, { ...key, measure }));
          continue;
        }
        out.facts.push(makeFact(ctx, table, key, measure, amount.value, text, unit, row, v.col));
      }
    }
  }
  out.findings.push(...repairOcrCodes(out.facts, ctx, table));
  out.findings.push(...codeFindings(out.facts, ctx, table));
  return out;
}

function describePanels(table: RawTable, out: TableFacts, ctx: TableContext): Panel[] {
  const panels = table.panels.length ? table.panels : [table.columns.map((_, i) => i)];
  return panels.map((cols, p) => {
    const labels = cols.filter((c) => columnRole(table.columns[c]!) === 'label');
    // 行次 by header, or (header unreadable) by content: small ascending integers.
    const line = cols.find((c) => columnRole(table.columns[c]!) === 'line') ?? (TABLES[table.table_code]!.keyed_by === 'line_no' ? cols.find((c) => looksLikeLineColumn(table, c)) : undefined) ?? null;
    const values = cols
      .filter((c) => c !== line && (columnRole(table.columns[c]!) === 'value' || (columnRole(table.columns[c]!) === 'empty' && holdsValues(table, c))))
      .map((col) => ({ col, label: table.columns[col]!, measure: measureFor(table.table_code, table.columns[col]!) }));
    const byPosition = templateMeasures(table.table_code, p, values.length);
    const measures = values.map((v) => v.measure);
    const unreadable = measures.some((m) => m === null) || new Set(measures).size < measures.length;
    if (unreadable && byPosition) {
      // A garbled header (OCR, merged header cells) still has the template's column order.
      values.forEach((v, i) => (v.measure = byPosition[i]!));
      out.findings.push(finding(ctx, table, 'measure.by_position', 'info', `the header of table ${table.table_code} could not be read (${measures.map((m, i) => m ?? `'${values[i]!.label}'`).join(', ')}); its ${values.length} value columns were taken in the template's order`));
    } else {
      // A measure read twice (a '其中：' sub-column worded like its parent) keeps its first
      // column; the later ones are reported as unknown instead of duplicating the contract's key.
      values.forEach((v, i) => {
        if (v.measure && measures.indexOf(v.measure) < i) v.measure = null;
      });
    }
    return { labels, line, values };
  });
}

/** An unlabelled column (a header cell lost or merged) still counts when it holds numbers. */
function holdsValues(table: RawTable, col: number): boolean {
  return table.rows.some((r) => parseAmount(r.cells[col]).kind === 'number' && /\./.test(r.cells[col] ?? ''));
}

/** A column of 行次: every printed cell a whole number up to 64, none with decimals. */
function looksLikeLineColumn(table: RawTable, col: number): boolean {
  const cells = table.rows.map((r) => (r.cells[col] ?? '').replace(/\s/g, '')).filter(Boolean);
  return cells.length >= 3 && cells.filter((t) => /^\d{1,2}$/.test(t) && Number(t) <= 64).length >= cells.length * 0.8;
}

/** The template's value columns for a panel of a table, when the count identifies the layout. */
function templateMeasures(code: string, panel: number, count: number): string[] | null {
  const layouts: Record<string, string[][]> = {
    '01': [['金额']],
    '02': [TABLES['02']!.measures],
    '03': [TABLES['03']!.measures, TABLES['03']!.measures.slice(0, 3)],
    '04': panel === 0 ? [['金额']] : [['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款', '国有资本经营预算财政拨款']],
    '05': [TABLES['05']!.measures],
    '06': [['决算数']],
    '07': [TABLES['07']!.measures],
    '08': [TABLES['08']!.measures, TABLES['07']!.measures],
    '09': [TABLES['09']!.measures, ['预算数', '决算数']],
    '10': [['决算数']],
  };
  return layouts[code]?.find((l) => l.length === count) ?? null;
}

/**
 * A total label centred across two panels ('公用经费合计' over the 2nd and 3rd panel of 06)
 * sits in the panel before the one holding its value; take it when that panel has no value.
 */
function spanningLabel(row: TableRow, prev: Panel): string | null {
  if (prev.values.some((v) => parseAmount(row.cells[v.col]).kind === 'number')) return null;
  const text = prev.labels.map((c) => row.cells[c] ?? '').join('').replace(/\s/g, '');
  return text && !/^\d/.test(text) ? text : null;
}

/** Code, name and 行次 of a row in one panel; null when the panel is blank in this row. */
function rowKey(table: RawTable, panel: Panel, row: TableRow, side: 'income' | 'expenditure', afterOpening: boolean, prevCode: string): RowKey | null {
  const spec = TABLES[table.table_code]!;
  const labelCells = panel.labels.map((c) => ({ text: (row.cells[c] ?? '').trim(), header: table.columns[c]!.split('/').pop() ?? '' }));
  // A printed but unreadable value still makes the row one to report on.
  const hasValue = panel.values.some((v) => ['number', 'invalid'].includes(parseAmount(row.cells[v.col]).kind));
  if (!hasValue) {
    // Still track split codes so a following row's blank 类 cell can inherit.
    const { code } = codeParts(labelCells, prevCode);
    return code ? { item_code: null, name: null, line_no: null, codeParts: code } : null;
  }
  const { code, name } = codeParts(labelCells, prevCode);
  const cleanName = name ? canonicalTotal(name.replace(/\s/g, ''), code) : null;
  let line: number | null = null;
  if (spec.keyed_by === 'line_no') {
    const printed = panel.line !== null ? /^\d{1,2}$/.exec((row.cells[panel.line] ?? '').trim()) : null;
    line = printed ? Number(printed[0]) : templateLine(table.table_code, side, cleanName ?? '', afterOpening);
  }
  if (table.table_code === '09') {
    // 二、相关统计数 (团组数, 批次, 人次, 车辆数) are counts: kept under their printed label.
    const count = isCountLabel(cleanName ?? '');
    return { item_code: null, name: count ? (cleanName ?? '') : sangongItem(cleanName ?? ''), line_no: null, quantity: count };
  }
  return { item_code: spec.keyed_by === 'item_code' ? code : null, name: cleanName, line_no: line, codeParts: code ?? undefined };
}

