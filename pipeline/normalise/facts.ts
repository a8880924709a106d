/**
 * One reconstructed table → facts in the contract's long format: every non-empty value cell
 * becomes a row keyed by item_code (coded tables), line_no (01/04) or item_name (09, totals),
 * with the canonical measure and the value converted exactly to 元.
 */
import { columnRole, SANGONG_ITEMS, TABLES } from '../canon.ts';
import type { Fact, ItemLevel, QualityFinding, RawTable, TableRow } from '../types.ts';
import { measureFor, resolveBudgetMeasure } from './measures.ts';
import { parseAmount, toYuan } from './numbers.ts';
import { allSubjects, lookupSubject, nameMatchesCode } from './reference/subjects.ts';
import { templateLine } from './template.ts';

export interface TableContext {
  report_id: string;
  fiscal_year: number | null;
  /** Unit to assume when the table declares none (the report's usual unit). */
  default_unit: string;
  /** Report prose, for table notes that live outside the table (09's budget wording). */
  prose: string[];
}

export interface TableFacts {
  facts: Fact[];
  findings: QualityFinding[];
}

interface Panel {
  labels: number[];
  line: number | null;
  values: { col: number; measure: string | null; label: string }[];
}

const LEVEL_BY_LENGTH: Record<number, ItemLevel> = { 3: '类', 5: '款', 7: '项' };

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

/**
 * OCR misreads a digit of a code as easily as of a value ('2080505' for 2080506 under the name
 * 机关事业单位职业年金缴费支出). When the printed name fits exactly one sibling code (same parent)
 * and not the code read, the row takes the sibling's code; the repair is logged.
 */
function repairOcrCodes(facts: Fact[], ctx: TableContext, table: RawTable): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const done = new Map<string, string | null>();
  for (const f of facts) {
    if (f.method !== 'ocr' || !f.item_code || !f.item_name || table.table_code === '06') continue;
    const key = `${f.page}|${f.item_code}|${f.item_name}`;
    if (!done.has(key)) done.set(key, siblingByName(f.item_code, f.item_name));
    const fixed = done.get(key);
    if (!fixed) continue;
    const before = f.item_code;
    f.item_code = fixed;
    if (findings.some((x) => x.item_code === fixed)) continue;
    findings.push(finding(ctx, table, 'ocr.code_repaired', 'warning', `OCR read code ${before} for '${f.item_name}' (page ${f.page}); the name belongs to ${fixed} under the same parent, so the row was filed under ${fixed}`, f.page, { item_code: fixed, name: f.item_name, line_no: null }));
  }
  return findings;
}

function siblingByName(code: string, name: string): string | null {
  if (nameMatchesCode(name, code) || code.length < 5) return null;
  const parent = code.slice(0, code.length - 2);
  const matches = allSubjects().filter((s) => s.code.length === code.length && s.code.startsWith(parent) && s.code !== code && nameMatchesCode(name, s.code));
  const unique = [...new Set(matches.map((m) => m.code))];
  return unique.length === 1 ? unique[0]! : null;
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

interface RowKey {
  item_code: string | null;
  name: string | null;
  line_no: number | null;
  /** The row's code, remembered so a following row with a blank 类 cell can inherit it. */
  codeParts?: string;
  /** The row counts things (vehicles, visits, persons): its cells are quantities, not money. */
  quantity?: boolean;
}

/** Labels of 09's statistics rows: '国内公务接待批次（个）', '相关统计数', '公务用车保有量（辆）'. */
function isCountLabel(label: string): boolean {
  return /统计数|[(（](个|人|辆|台|次|批|人次|台、辆)[)）]$|批次|人次|团组数|人数|保有量|车辆数/.test(label);
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

/**
 * Split the label cells into the subject code and the name. Codes come whole ('2080505'),
 * spaced ('208 05 05'), split over 类/款/项 columns ('208' | '05' | '05'), or glued to the
 * name ('2080505机关事业单位…'). A blank 类 (or 类 and 款) cell inherits from the row above.
 */
function codeParts(cells: { text: string; header: string }[], prev: string): { code: string | null; name: string | null } {
  let code = '';
  const names: string[] = [];
  for (const { text, header } of cells) {
    const t = text.replace(/\s/g, '');
    if (!t || /^(类|款|项)$/.test(t)) continue;
    if (/^\d{3}(\d{2}){0,2}$/.test(t) && !code) code = t;
    else if (/^\d{2}$/.test(t) && (code || /^(款|项)$/.test(header))) {
      if (!code && prev) code = prev.slice(0, header === '项' ? 5 : 3);
      code += t;
    } else if (/^\d{8,}/.test(t) && !code) {
      // Two rows' codes run together (OCR, wrapped cells): the later one belongs to this name.
      const run = /^(\d+)(.*)$/.exec(t)!;
      code = [7, 5, 3].map((n) => run[1]!.slice(-n)).find((c) => lookupSubject(c)) ?? run[1]!.slice(-5);
      if (run[2]) names.push(run[2]);
    } else {
      const glued = /^(\d{3}(?:\d{2}){0,2})(\D.*)$/.exec(t);
      if (glued && !code) {
        code = glued[1]!;
        names.push(glued[2]!);
      } else names.push(t);
    }
  }
  return { code: code || null, name: names.join('') || null };
}

/**
 * Total rows under their canonical names, also when OCR garbles one character
 * ('人员经贺合计', '司计' for 合计): the contract keys these rows by name.
 */
function canonicalTotal(name: string, code: string | null): string {
  if (code || /^(总计|小计|共计|累计|合计)$/.test(name)) return name;
  if (/^人员.{0,2}合计$|^人员经费/.test(name) && /计$/.test(name)) return '人员经费合计';
  if (/^公用.{0,2}合计$|^公用经费/.test(name) && /计$/.test(name)) return '公用经费合计';
  if (/^.?计$/.test(name) || /^合.$/.test(name)) return '合计';
  return name;
}

function makeFact(ctx: TableContext, table: RawTable, key: RowKey, measure: string, value: import('decimal.js').Decimal, text: string, unit: string, row: TableRow, col: number): Fact {
  const isQuantity = table.table_code === '10' || key.quantity === true;
  const code = key.item_code;
  const functional = code && table.table_code !== '06';
  return {
    report_id: ctx.report_id,
    table_code: table.table_code,
    table_name: TABLES[table.table_code]!.table_name,
    item_code: code,
    item_name: key.name,
    item_level: functional ? (LEVEL_BY_LENGTH[code.length] ?? null) : null,
    line_no: key.line_no,
    measure,
    value_yuan: isQuantity ? null : toYuan(value, unit),
    quantity: isQuantity ? value.toFixed(2) : null,
    quantity_unit: isQuantity ? quantityUnit(key.name) : null,
    value_text: text.trim(),
    unit_as_printed: isQuantity ? null : unit,
    page: row.page,
    method: row.method,
    confidence: row.cell_conf?.[col] ?? row.confidence,
  };
}

/** '一、车辆数合计(台、辆)' → '台、辆'. */
function quantityUnit(name: string | null): string | null {
  const m = /[(（]([^()（）]*)[)）]$/.exec(name ?? '');
  return m ? m[1]! : null;
}

// ─── table 09 ─────────────────────────────────────────────────────────────────────────────

/** A 三公 row or column label → canonical item name. */
export function sangongItem(label: string): string {
  const t = label.normalize('NFKC').replace(/\s/g, '').replace(/^([一二三四五六七八九十]+、|\(?\d+\)?[.、]?|[(（][一二三四五六七八九十\d]+[)）])/, '');
  if (/^(合计|总计)$|三公.*(经费|合计)|^财政拨款三公/.test(t)) return '合计';
  if (/因公出国/.test(t)) return SANGONG_ITEMS[1]!;
  if (/购置及运行|购置和运行/.test(t)) return SANGONG_ITEMS[2]!;
  if (/公务用车购置/.test(t)) return SANGONG_ITEMS[3]!;
  if (/公务用车运行/.test(t)) return SANGONG_ITEMS[4]!;
  if (/国内接待|国内公务接待/.test(t)) return SANGONG_ITEMS[6]!;
  if (/[国境]外接待|外宾接待/.test(t) && !/外事/.test(t)) return SANGONG_ITEMS[7]!;
  if (/公务接待/.test(t) && !/其中/.test(t)) return SANGONG_ITEMS[5]!;
  return t;
}

/** The horizontal 09 layout puts items in the header (合计 | 因公出国 | … each with 预算数/决算数). */
function isHorizontal09(table: RawTable): boolean {
  const labelCols = table.columns.filter((c) => columnRole(c) === 'label');
  const itemCols = table.columns.filter((c) => /因公出国|公务接待/.test(c));
  return labelCols.length === 0 || itemCols.length >= 2;
}

function horizontal09(table: RawTable, ctx: TableContext, unit: string, out: TableFacts): TableFacts {
  const budget = resolveBudgetMeasure([...table.notes, ...ctx.prose]);
  for (const row of table.rows) {
    const byLabel = table.columns.map((label, col) => ({ col, text: row.cells[col] ?? '', ...itemAndMeasure09(label, budget) }));
    const valued = byLabel.filter((c) => parseAmount(c.text).kind === 'number');
    if (!valued.length) continue;
    const keys = valued.map((c) => `${c.item}|${c.measure}`);
    const readable = valued.every((c) => c.item && c.measure) && new Set(keys).size === keys.length;
    const cells = readable ? valued : positional09(table, row, budget);
    if (!cells) {
      out.findings.push(finding(ctx, table, 'measure.unknown', 'warning', `the header of table 09 on page ${row.page} could not be read and its ${valued.length} values do not fit the template's 12 columns; the row was not loaded`, row.page));
      continue;
    }
    if (!readable) out.findings.push(finding(ctx, table, 'measure.by_position', 'info', `the header of table 09 (page ${row.page}) could not be read; its 12 values were taken in the template's order`, row.page));
    for (const c of cells) {
      const amount = parseAmount(c.text);
      if (amount.kind !== 'number' || !c.item || !c.measure) continue;
      out.facts.push(makeFact(ctx, table, { item_code: null, name: c.item, line_no: null }, c.measure, amount.value, c.text, unit, row, c.col));
    }
  }
  return out;
}

/** Item and measure of a horizontal 09 column from its header path (either nesting order). */
function itemAndMeasure09(label: string, budget: string): { item: string | null; measure: string | null } {
  const parts = label.split('/');
  const measurePart = parts.find((p) => measureFor('09', p) !== null) ?? '';
  let measure = measureFor('09', measurePart);
  if (measure === '预算数') measure = budget;
  const rest = parts.filter((p) => p !== measurePart);
  // '小计' under an item group stands for the group; otherwise the deepest item named.
  const sub = rest.indexOf('小计');
  const named = [...rest].reverse().find((p) => SANGONG_ITEMS.includes(sangongItem(p)));
  const item = sub > 0 ? sangongItem(rest[sub - 1]!) : named ? sangongItem(named) : null;
  return { item: item && SANGONG_ITEMS.includes(item) ? item : null, measure };
}

/** The horizontal template's six items: 合计, 出国, 用车 (小计, 购置, 运行维护), 接待. */
const HORIZONTAL_09_ITEMS = [SANGONG_ITEMS[0]!, SANGONG_ITEMS[1]!, SANGONG_ITEMS[2]!, SANGONG_ITEMS[3]!, SANGONG_ITEMS[4]!, SANGONG_ITEMS[5]!];

/**
 * A garbled header still has the template's 12 value columns: 预算数 then 决算数 for the six
 * items (the national layout), or both per item where the first 决算 label sits second.
 * Cells holding two numbers (OCR merged them) count as two columns.
 */
function positional09(table: RawTable, row: TableRow, budget: string): { col: number; text: string; item: string; measure: string }[] | null {
  const tokens: { col: number; text: string }[] = [];
  row.cells.forEach((cell, col) => {
    const parts = cell.trim() ? cell.trim().split(/\s+/) : [''];
    for (const t of parts) tokens.push({ col, text: t });
  });
  if (tokens.length !== 12) return null;
  const firstFinal = table.columns.findIndex((l) => /决算/.test(l));
  const perItem = firstFinal >= 0 && firstFinal <= 2;
  return tokens.map((t, i) => {
    const [item, measure] = perItem
      ? [HORIZONTAL_09_ITEMS[Math.floor(i / 2)]!, i % 2 === 0 ? budget : '决算数']
      : [HORIZONTAL_09_ITEMS[i % 6]!, i < 6 ? budget : '决算数'];
    return { ...t, item, measure };
  });
}

// ─── findings ─────────────────────────────────────────────────────────────────────────────

function codeFindings(facts: Fact[], ctx: TableContext, table: RawTable): QualityFinding[] {
  const seen = new Set<string>();
  const findings: QualityFinding[] = [];
  for (const f of facts) {
    if (!f.item_code || seen.has(f.item_code)) continue;
    seen.add(f.item_code);
    const ref = lookupSubject(f.item_code, ctx.fiscal_year ?? undefined);
    const key = { item_code: f.item_code, name: f.item_name, line_no: null };
    if (!ref) {
      findings.push(finding(ctx, table, 'code.unknown', 'warning', `code ${f.item_code} (${f.item_name ?? 'no name'}) on page ${f.page} is not in the subject reference for ${ctx.fiscal_year ?? 'this year'}; kept as printed`, f.page, key));
    } else if (f.item_name && !nameMatchesCode(f.item_name, f.item_code)) {
      findings.push(finding(ctx, table, 'code.name_mismatch', 'warning', `code ${f.item_code} is printed as '${f.item_name}' but the reference calls it '${ref.name}' (page ${f.page})`, f.page, key));
    }
  }
  return findings;
}

function describeKey(key: RowKey): string {
  return key.item_code ? `item ${key.item_code}` : key.line_no !== null ? `line ${key.line_no}` : `'${key.name ?? ''}'`;
}

function finding(
  ctx: TableContext,
  table: RawTable,
  check_id: string,
  severity: QualityFinding['severity'],
  message: string,
  page: number | null = table.pages[0] ?? null,
  key?: Partial<RowKey> & { measure?: string },
): QualityFinding {
  return {
    report_id: ctx.report_id,
    check_id,
    severity,
    table_code: table.table_code,
    item_code: key?.item_code ?? null,
    line_no: key?.line_no ?? null,
    item_name: key?.item_code || key?.line_no ? null : (key?.name ?? null),
    measure: key?.measure ?? null,
    expected: null,
    actual: null,
    message,
    page,
  };
}
