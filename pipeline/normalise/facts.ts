/**
 * One reconstructed table → facts in the contract's long format: every non-empty value cell
 * becomes a row keyed by item_code (coded tables), line_no (two-sided 决算 tables) or
 * item_name (三公, totals), with the canonical measure and the value converted exactly to 元.
 * What each table holds comes from its template (templates/, `TableSpec`).
 */
import { Decimal } from 'decimal.js';
import { columnRole } from '../canon.ts';
import { classCodeOfName, tableSpec, templateOf, type TableSpec } from '../templates/index.ts';
import type { Fact, TemplateTable, TableRow } from '../types.ts';
import { canonicalTotal, codeFindings, codeParts, repairTableCodes } from './codes.ts';
import { describeKey, finding, makeFact, runTogether, unplacedValues, type RowKey, type TableContext, type TableFacts } from './fact-row.ts';
import { measureFor, measuresNamed, nearMeasure, resolveBudgetMeasure } from './measures.ts';
import { ocrAmount, parseAmount } from './numbers.ts';
import { misreadAmount, regroupWhole, wholeFormat, wholeStray } from './ocr-amounts.ts';
import { checkPositions, panelLayouts, panelMeasures, type PanelMeasures } from './positions.ts';
import { horizontal09, isCountLabel, isHorizontal09, sangongItem, sangongItemTolerant } from './sangong.ts';
import { gluedLine, linesByNeighbours } from './line-numbers.ts';
import { ocrClassCode, templateLine } from './template.ts';
import { repairName } from './labels.ts';
import { isMarginPanel, sideNames, spanningWords } from './summary.ts';

export type { TableContext, TableFacts } from './fact-row.ts';
export { sangongItem } from './sangong.ts';

/** Punctuation OCR puts before a row label from a cell border or a speck. */
const OCR_LEADING_JUNK = /^[\\|/、,，.。'"“”‘’`~^_:;：；!！]+/;
/**
 * A row label glued before an OCR'd value ('办公费7.96', '商品和服务支出14004'): the rule between a
 * narrow panel's name and value columns was lost, so both were read as one cell of the value
 * column. The label is the row's name cell's business; the value is what follows it.
 */
const GLUED_LABEL = /^\p{Script=Han}{2}[^\d]*?(?=[-−]?\d[\d,.]*$)/u;
/** What may follow the label: a well-formed amount, two decimals or grouped thousands. Anything else stays unreadable. */
const WELL_FORMED = /^[-−]?((\d{1,3}(,\d{3})+|\d+)\.\d{2}|\d{1,3}(,\d{3})+)$/;

function withoutGluedLabel(text: string): string {
  const m = GLUED_LABEL.exec(text.trim());
  const rest = m ? text.trim().slice(m[0].length) : '';
  return WELL_FORMED.test(rest) ? rest : text;
}

/** A cell border read as '1' before a total's name ('1合计'). */
const BORDER_BEFORE_TOTAL = /^[1Il](?=(合计|总计|小计)$)/;

/** A list ordinal before a row label: 一、 (二) 3. */
const ORDINAL = /^([一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[.、])/;

interface Panel {
  labels: number[];
  line: number | null;
  /** 行次 of OCR'd rows whose printed number was lost, from their neighbours. */
  guessed?: Map<TableRow, number>;
  values: { col: number; measure: string | null; label: string }[];
  /**
   * Value columns that hold an amount on some row: the panel's one amount column stays one when
   * OCR split a blank column off it (a header read in two pieces, '支出用途' over '金额').
   */
  amounts: number;
}

export function tableFacts(table: TemplateTable, ctx: TableContext): TableFacts {
  const out: TableFacts = { facts: [], findings: [] };
  const spec = tableSpec(table.table_code);
  if (!spec) return out;
  const unit = table.unit_as_printed ?? ctx.default_unit;
  // A table of counts (vehicles and assets) has no money unit to declare.
  if (!table.unit_as_printed && !table.empty && !spec.quantities) {
    out.findings.push(finding(ctx, table, 'unit.assumed', 'info', `table ${table.table_code} declares no money unit; assumed ${unit} like the rest of the report`));
  }
  if (spec.sangong && isHorizontal09(table)) return horizontal09(table, ctx, unit, out);
  const placed: Placed[] = [];
  const panels = describePanels(table, spec, placed);
  if (spec.transposable && isTransposed(table, panels)) return transposed(table, spec, panels[0]!, ctx, unit, out);
  const totalRow = templateOf(table.table_code)?.identities.total_row ?? '合计';
  // A coded table printed as one unlabelled row (Jiangsu's one-row 支出预算总表) is its total.
  const soleRow = spec.keyed_by === 'item_code' && table.rows.filter((r) => hasNumber(r, panels)).length === 1;
  const budget = resolveBudgetMeasure([...table.notes, ...ctx.prose]);
  const decimals = printsDecimals(table, panels);
  // The income side is the first panel that is one: a column OCR made of marks in the margin is none.
  const income = spec.two_sided ? panels.findIndex((panel) => !isMarginPanel(table, panel)) : 0;
  const whole = decimals ? null : wholeFormat(table.rows.filter((r) => r.method === 'ocr').flatMap((r) => panels.flatMap((p) => p.values.map((v) => r.cells[v.col] ?? ''))));
  for (const [p, panel] of panels.entries()) {
    if (p < income) continue;
    const side = p === income ? 'income' : 'expenditure';
    let afterOpening = false;
    let prevCode = '';
    // The side's row names in printed order, for names OCR misread (labels.ts).
    const names = spec.row_names && table.rows.some((r) => r.method === 'ocr') ? table.rows.map((r) => labelName(table, panel, r)) : null;
    for (const [i, row] of table.rows.entries()) {
      const key = rowKey(table, spec, panel, row, side, afterOpening, prevCode, panels.length > 1) ?? null;
      if (key && !key.item_code && !key.name && p > 0) key.name = spanningLabel(row, panels[p - 1]!);
      if (key?.name && !key.item_code && names && row.method === 'ocr') repairName(key, names, i, sideNames(spec, side), (f) => out.findings.push(finding(ctx, table, 'ocr.label_repaired', 'warning', `${f} (table ${table.table_code}, page ${row.page})`, row.page, key)));
      if (key && spec.two_sided) sideTotals(key, side);
      if (key && soleRow && !key.item_code && !key.name && key.line_no === null) key.name = totalRow;
      // 04's fund lines 29–31 follow 年初财政拨款结转和结余, printed with a value or not.
      if (spec.lines?.fund_lines && panel.labels.some((c) => /年初.*结转/.test(row.cells[c] ?? ''))) afterOpening = true;
      if (!key) continue;
      if (key.codeParts) prevCode = key.codeParts;
      const words = spanningWords(spec, row, panel);
      for (const v of panel.values) {
        if (words.includes((row.cells[v.col] ?? '').trim())) continue;
        const read = row.method === 'ocr' ? withoutGluedLabel(row.cells[v.col] ?? '') : (row.cells[v.col] ?? '');
        const text = whole && row.method === 'ocr' ? regroupWhole(read) : read;
        const amount = row.method === 'ocr' ? ocrAmount(text) : parseAmount(text);
        if (amount.kind === 'empty' || amount.kind === 'na') continue;
        const stray = row.method === 'ocr' && ((decimals && STRAY_DIGITS.test(text.trim())) || (!!whole && wholeStray(text)));
        const strayFinding = (at: typeof key & { measure?: string }, what: string) =>
          finding(ctx, table, 'value.unreadable', 'warning', `'${text}' read by OCR in table ${table.table_code} (${describeKey(key)}, column '${v.label}', page ${row.page}) is no amount: the table prints its amounts ${decimals ? 'with decimals' : 'in whole 元 of thousands'}, so this is ${what}; it was not loaded — check the cell`, row.page, at);
        if (stray && !v.measure) {
          out.findings.push(strayFinding(key, 'a speck or a piece of a ruling line read as a digit'));
          continue;
        }
        if (!key.item_code && !key.name && key.line_no === null) {
          // A value whose row label was lost: published under no key it would be a number
          // nobody can place. Say where it is instead (the finding covers the whole table).
          out.findings.push(finding(ctx, table, 'row.unkeyed', 'warning', `value '${text}' in table ${table.table_code} (page ${row.page}, column '${v.label}') belongs to a row whose label could not be read; it was not loaded`, row.page));
          continue;
        }
        // A one-measure table's amount under a spanning label: that measure, whatever its column's header.
        let measure = v.measure ?? (words.length && spec.measures.length === 1 ? spec.measures[0]! : null);
        if (measure === '预算数' && spec.resolve_budget) measure = budget;
        if (spec.income_measure && side === 'income' && measure !== null) measure = spec.income_measure;
        else if (spec.expenditure_amount && side === 'expenditure' && measure === spec.income_measure && panel.amounts === 1) measure = spec.expenditure_amount;
        // An OCR'd cell read as no number, kept for validate to fill in from the identities (derive.ts).
        const unreadCell = (m: string): Fact => ({ ...makeFact(ctx, table, key, m, new Decimal(0), text, unit, row, v.col), value_yuan: null });
        if (!measure) {
          out.findings.push(finding(ctx, table, 'measure.unknown', 'warning', `column '${v.label}' of table ${table.table_code} is not a known measure; its value '${text}' (page ${row.page}) was not loaded`, row.page, key));
          continue;
        }
        const why = row.method === 'ocr' ? misreadAmount(text, whole) : null;
        if (why) {
          // '13.80' for 13,800 in a table of whole 元: a separator read as the point, a digit lost.
          out.findings.push(finding(ctx, table, 'value.unreadable', 'warning', `'${text}' read by OCR in table ${table.table_code} (${describeKey(key)}, ${measure}, page ${row.page}) is no amount: ${why}; it was not loaded — check the cell`, row.page, { ...key, measure }));
          (out.unread ??= []).push(unreadCell(measure));
          continue;
        }
        if (stray) {
          // Also what is left of a real amount ('51' of 51.43): validate may fill it in (derive.ts).
          out.findings.push(strayFinding({ ...key, measure }, 'a speck, a piece of a ruling line read as a digit or what is left of an amount'));
          (out.unread ??= []).push(unreadCell(measure));
          continue;
        }
        if (amount.kind === 'invalid') {
          out.findings.push(finding(ctx, table, 'value.unreadable', 'error', `${amount.reason} (table ${table.table_code}, ${describeKey(key)}, ${measure}, page ${row.page})`, row.page, { ...key, measure }));
          if (row.method === 'ocr') (out.unread ??= []).push(unreadCell(measure));
          continue;
        }
        out.facts.push(makeFact(ctx, table, key, measure, amount.value, text, unit, row, v.col));
      }
    }
  }
  positionFindings(table, ctx, out, placed);
  out.findings.push(...repairTableCodes(out, ctx, table, spec?.classification));
  out.findings.push(...codeFindings(out.facts, ctx, table));
  out.findings.push(...runTogether(table, ctx, out), ...unplacedValues(table, ctx, out));
  return out;
}

/**
 * One or two digits alone in an OCR'd value cell ('1', '4', '11', '-1': a border with a dash): in a table whose amounts
 * print two decimals (PRINTS_DECIMALS of its OCR'd numbers) no amount looks like that, but a
 * speck or a leftover piece of a ruling line reads as one.
 */
const STRAY_DIGITS = /^-?\d{1,2}$/;
const PRINTS_DECIMALS = 0.8;

function printsDecimals(table: TemplateTable, panels: Panel[]): boolean {
  let numbers = 0;
  let decimal = 0;
  for (const row of table.rows) {
    if (row.method !== 'ocr') continue;
    for (const v of panels.flatMap((p) => p.values)) {
      const text = row.cells[v.col] ?? '';
      if (parseAmount(text).kind !== 'number') continue;
      numbers++;
      if (/\.\d{2}$/.test(text.trim())) decimal++;
    }
  }
  return numbers >= 5 && decimal >= PRINTS_DECIMALS * numbers;
}

/** Value columns a panel took by position, for the finding once the table's facts are known. */
interface Placed {
  measures: string[];
  /** The panel's header readings, for the message. */
  read: string[];
  how: 'layout' | 'anchored';
  count: number;
  sole: boolean;
  /** Read by OCR: the header is doubtful text, not a wording the template lacks. */
  ocr: boolean;
}

function describePanels(table: TemplateTable, spec: TableSpec, placed: Placed[]): Panel[] {
  const panels = table.panels.length ? table.panels : [table.columns.map((_, i) => i)];
  return panels.map((cols, p) => {
    const labels = cols.filter((c) => columnRole(table.columns[c]!) === 'label');
    // 行次 by header, or (header unreadable) by content: small ascending integers.
    const line = cols.find((c) => columnRole(table.columns[c]!) === 'line') ?? (spec.keyed_by === 'line_no' ? cols.find((c) => looksLikeLineColumn(table, c)) : undefined) ?? null;
    const ocr = table.rows.some((r) => r.method === 'ocr');
    const measureOf = (label: string) => measureFor(table.table_code, label) ?? (ocr ? nearMeasure(table.table_code, label) : null);
    const values = cols
      .filter((c) => c !== line && (columnRole(table.columns[c]!) === 'value' || (columnRole(table.columns[c]!) === 'empty' && holdsValues(table, c))))
      .map((col) => ({ col, label: table.columns[col]!, measure: measureOf(table.columns[col]!) }));
    const read = values.map((v) => v.measure);
    const layouts = panelLayouts(spec, p);
    const clues = values.map((v) => ({
      read: v.measure,
      named: measuresNamed(table.table_code, v.label),
      // 栏次 numbers count the value columns of a one-panel table from 1 (OCR glues them to the header).
      number: ocr && panels.length === 1 ? stubNumber(v.label) : null,
      blank: !table.rows.some((r) => parseAmount(r.cells[v.col]).kind !== 'empty'),
    }));
    const { measures, placed: at, how } = ocr ? leadingTotal(panelMeasures(clues, layouts), spec) : panelMeasures(clues, layouts);
    // A measure read twice (a '其中：' sub-column worded like its parent) keeps its first
    // column; the later ones are reported as unknown instead of duplicating the contract's key.
    values.forEach((v, i) => (v.measure = measures[i] ?? null));
    if (how !== 'header') {
      placed.push({
        measures: at.map((i) => measures[i]!),
        read: read.map((m, i) => m ?? `'${values[i]!.label}'`),
        how,
        count: at.length,
        sole: layouts.every((l) => l.length === 1),
        ocr,
      });
    }
    const guessed = line !== null ? linesByNeighbours(table.rows, line, values.map((v) => v.col), labels) : undefined;
    const amounts = values.filter((v) => table.rows.some((r) => parseAmount(r.cells[v.col]).kind === 'number')).length;
    return { labels, line, values, guessed, amounts };
  });
}

/**
 * A table printed with its total first (合计 | 财政拨款收入 | 事业收入 …) whose first value
 * column's header OCR lost its lowest cell ('收入预算' over 合计), every other column read: the
 * first column is the total, by position (a `measure.by_position` finding, checked against the
 * row identities like any positional placement). For tables without a layout to place it by.
 */
function leadingTotal(result: PanelMeasures, spec: TableSpec): PanelMeasures {
  const total = spec.measures[0];
  const { measures } = result;
  if (result.how !== 'header' || !total || !/合计|总计/.test(total) || measures.length < 3) return result;
  if (measures[0] !== null || measures.slice(1).some((m) => m === null) || measures.includes(total)) return result;
  return { measures: [total, ...measures.slice(1)], placed: [0], how: 'anchored' };
}

/**
 * `measure.by_position` on an OCR'd table: info when the table's row identities confirm the
 * positional columns, else a warning (on a text layer always info: its header is exact text), which says when they contradict the order (fail on more rows than they hold
 * on). The values still load: dropping them cost more right cells than wrong ones on the scans
 * measured (OCR misreads fail the identities too), and the warning flags the whole table.
 */
function positionFindings(table: TemplateTable, ctx: TableContext, out: TableFacts, placed: Placed[]): void {
  for (const p of placed) {
    const check = checkPositions(out.facts, table.table_code, p.measures, templateOf(table.table_code)?.identities, p.sole);
    const what = p.how === 'layout' ? `its ${p.count} value columns were taken in the template's order` : `${p.count} of its value columns were placed between the columns it could read, in the template's order (${p.measures.join(', ')})`;
    const says = {
      confirmed: p.sole ? '' : '; the row identities confirm it',
      unconfirmed: '; no row identity confirms this: check the columns against the page',
      contradicted: '; the row identities fail on most rows (a wrong order, or many misreads): check the columns against the page',
    }[check];
    // A text layer's header is exact: an unknown wording (Jiangsu's one 金额 column) taken in
    // the template's order is a note, as it always was; a header OCR could not read is a doubt.
    const doubtful = p.ocr && check !== 'confirmed';
    out.findings.push(finding(ctx, table, 'measure.by_position', doubtful ? 'warning' : 'info', `the header of table ${table.table_code} could not be read (${p.read.join(', ')}); ${what}${p.ocr ? says : ''}`));
  }
}

/**
 * A 栏次 number at the end of a header OCR read together with it: glued to the words
 * ('智本支出2' → 2) or as the header's last level ('…项目支出/1' → 1).
 */
function stubNumber(label: string): number | null {
  if (!/\p{Script=Han}/u.test(label)) return null;
  const m = /(?:\p{Script=Han}[^/]*?|\/\W*)(\d{1,2})\W*$/u.exec(label);
  return m ? Number(m[1]) : null;
}

/** An unlabelled column (a header cell lost or merged) still counts when it holds numbers. */
function holdsValues(table: TemplateTable, col: number): boolean {
  return table.rows.some((r) => parseAmount(r.cells[col]).kind === 'number' && /\./.test(r.cells[col] ?? ''));
}

/**
 * Share of a 行次 column's printed cells that must read as line numbers: OCR garbles some of
 * the small digits ('7' → '了', '22' → '国'), and an amount (with decimals) rules it out.
 */
const LINE_COLUMN_SHARE = 0.6;

/** A column of 行次: most printed cells whole numbers up to 64, none with decimals. */
function looksLikeLineColumn(table: TemplateTable, col: number): boolean {
  const cells = table.rows.map((r) => (r.cells[col] ?? '').replace(/\s/g, '')).filter(Boolean);
  if (cells.length < 3 || cells.some((t) => /\d\.\d/.test(t))) return false;
  return cells.filter((t) => /^\d{1,2}$/.test(t) && Number(t) <= 64).length >= cells.length * LINE_COLUMN_SHARE;
}

/** A two-sided table keyed by name has a 总计 on each side: 收入总计 / 支出总计. */
function sideTotals(key: RowKey, side: 'income' | 'expenditure'): void {
  if (key.name && /^(收入|支出)?(总计|合计)$/.test(key.name)) key.name = side === 'income' ? '收入总计' : '支出总计';
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

/** A row name without spaces; OCR'd, without the punctuation a cell border or speck reads as ('\\合计', '，社会保障…'). */
function squeezeName(name: string | null, ocr: boolean): string {
  if (!name) return '';
  const squeezed = name.replace(/\s/g, '');
  return ocr ? squeezed.replace(OCR_LEADING_JUNK, '').replace(BORDER_BEFORE_TOTAL, '') : squeezed;
}

/** The name a row prints in a panel's label cells (null when none), with what OCR read before it ('、政府性基金预算': an ordinal's mark). */
function labelName(table: TemplateTable, panel: Panel, row: TableRow): string | null {
  const cells = panel.labels.map((c) => ({ text: (row.cells[c] ?? '').trim(), header: table.columns[c]!.split('/').pop() ?? '' }));
  return squeezeName(codeParts(cells, '', row.method === 'ocr').name, false) || null;
}

/** Code, name and 行次 of a row in one panel; null when the panel is blank in this row. */
function rowKey(table: TemplateTable, spec: TableSpec, panel: Panel, row: TableRow, side: 'income' | 'expenditure', afterOpening: boolean, prevCode: string, sided: boolean): RowKey | null {
  let labelCells = panel.labels.map((c) => ({ text: (row.cells[c] ?? '').trim(), header: table.columns[c]!.split('/').pop() ?? '' }));
  const words = spanningWords(spec, row, panel);
  if (words.length) labelCells = [{ text: words.join(''), header: '' }];
  // A printed but unreadable value still makes the row one to report on.
  const hasValue = panel.values.some((v) => !words.includes((row.cells[v.col] ?? '').trim()) && ['number', 'invalid'].includes(parseAmount(row.cells[v.col]).kind));
  if (!hasValue) {
    // Still track split codes so a following row's blank 类 cell can inherit.
    const { code } = codeParts(labelCells, prevCode, row.method === 'ocr');
    return code ? { item_code: null, name: null, line_no: null, codeParts: code } : null;
  }
  const { code, name } = codeParts(labelCells, prevCode, row.method === 'ocr');
  const ocr = row.method === 'ocr';
  const squeezed = squeezeName(name, ocr);
  const cleanName = squeezed ? canonicalTotal(squeezed, code) : null;
  let line: number | null = null;
  if (spec.keyed_by === 'line_no') {
    const printed = panel.line !== null ? /^\d{1,2}$/.exec((row.cells[panel.line] ?? '').trim()) : null;
    // Printed side by side, a 行次 on the wrong side of the template's numbering is a misread ('41' read '4').
    const plausible = printed && (!spec.lines || !sided || side === (Number(printed[0]) < spec.lines.expenditure_start ? 'income' : 'expenditure'));
    line = plausible ? Number(printed[0]) : (templateLine(table.table_code, side, cleanName ?? '', afterOpening) ?? panel.guessed?.get(row) ?? null);
    if (line === null && ocr) line = gluedLine(table.table_code, spec, side, sided, cleanName ?? '', afterOpening);
  }
  if (spec.sangong) {
    // 二、相关统计数 (团组数, 批次, 人次, 车辆数) are counts: kept under their printed label.
    const count = isCountLabel(cleanName ?? '');
    const item = ocr ? sangongItemTolerant(cleanName ?? '') : sangongItem(cleanName ?? '');
    return { item_code: null, name: count ? (cleanName ?? '') : item, line_no: null, quantity: count };
  }
  // Summary tables keyed by name list expenditure by 类 name: the row takes the 类 code.
  const classCode = spec.class_names && side === 'expenditure' && !code ? (classCodeOfName(cleanName ?? '') ?? (ocr ? ocrClassCode(cleanName ?? '') : null)) : null;
  const item_code = spec.keyed_by === 'item_code' ? code : (classCode ?? (spec.class_names && side === 'expenditure' && code?.length === 3 ? code : null));
  // A 类 row named '一、一般公共服务支出' is filed under its name without the ordinal.
  const rowName = classCode && cleanName ? cleanName.replace(ORDINAL, '') : cleanName;
  return { item_code, name: rowName, line_no: line, codeParts: code ?? undefined };
}


function hasNumber(row: TableRow, panels: Panel[]): boolean {
  return panels.some((p) => p.values.some((v) => parseAmount(row.cells[v.col]).kind === 'number'));
}

/**
 * A coded table printed vertically (Jiangsu's 收入预算总表: one 金额 column, a row per income
 * source, no subject codes): each row's label is the measure, all of the total row.
 */
function isTransposed(table: TemplateTable, panels: Panel[]): boolean {
  if (panels.length !== 1 || panels[0]!.values.length !== 1) return false;
  const { labels } = panels[0]!;
  return !table.rows.some((r) => labels.some((c) => /^\d{3}/.test((r.cells[c] ?? '').trim())));
}

function transposed(table: TemplateTable, spec: TableSpec, panel: Panel, ctx: TableContext, unit: string, out: TableFacts): TableFacts {
  const totalRow = templateOf(table.table_code)?.identities.total_row ?? '合计';
  const col = panel.values[0]!.col;
  const seen = new Set<string>();
  for (const row of table.rows) {
    const amount = parseAmount(row.cells[col]);
    if (amount.kind !== 'number') continue;
    const label = panel.labels.map((c) => row.cells[c] ?? '').join('').replace(/\s/g, '');
    const measure = measureFor(spec.table_code, label);
    if (!measure || seen.has(measure)) {
      // A nested sub-source (a fund's 小计 and its parts) repeats a measure: the first one read wins.
      out.findings.push(finding(ctx, table, 'measure.unknown', measure ? 'info' : 'warning', `row '${label}' of table ${table.table_code} (page ${row.page}) is ${measure ? `a second reading of ${measure}` : 'not a known measure'}; its value '${row.cells[col]}' was not loaded`, row.page));
      continue;
    }
    seen.add(measure);
    out.facts.push(makeFact(ctx, table, { item_code: null, name: totalRow, line_no: null }, measure, amount.value, row.cells[col] ?? '', unit, row, col));
  }
  return out;
}
