/**
 * 三公 tables (决算 09, 预算 B07): canonical item names, the statistics rows (counts, not
 * money), and the horizontal layout that puts the items in the header. Budget tables often
 * print 机关运行经费 next to the 三公 items; it is kept as an item of its own.
 */
import type { Decimal } from 'decimal.js';
import { columnRole } from '../canon.ts';
import { SANGONG_ITEMS, tableSpec } from '../templates/index.ts';
import type { Fact, TemplateTable, TableRow } from '../types.ts';
import { finding, makeFact, type TableContext, type TableFacts } from './fact-row.ts';
import { measureFor, resolveBudgetMeasure } from './measures.ts';
import { parseAmount, type ParsedAmount } from './numbers.ts';
import { cellReadings, FINAL_SLOTS, namedMeasure, namedSlot, printedSlots, readBySums, SLOT_ITEM, type Pin, type Slot, type Token } from './sangong-sums.ts';
import { editDistance } from './template.ts';

/** Printed beside the 三公 items in budget tables (and some 决算 notes). */
const RUNNING_COSTS = '机关运行经费';

/** Labels of 09's statistics rows: '国内公务接待批次（个）', '相关统计数', '公务用车保有量（辆）'. */
export function isCountLabel(label: string): boolean {
  return /统计数|[(（](个|人|辆|台|次|批|人次|台、辆)[)）]$|批次|人次|团组数|人数|保有量|车辆数/.test(label);
}


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
  if (/机关运行经费/.test(t)) return RUNNING_COSTS;
  return t;
}

/**
 * Printed wordings of the 三公 rows, for OCR'd labels that the patterns above miss: the quotes
 * around 三公 read as junk and 三 as 万 or 一 ('“万公经费支出').
 */
const SANGONG_WORDINGS: [string, string][] = [
  ['三公经费支出', '合计'],
  ['三公经费合计', '合计'],
  ['三公经费', '合计'],
  ['因公出国境费', SANGONG_ITEMS[1]!],
  ['公务用车购置及运行维护费', SANGONG_ITEMS[2]!],
  ['公务用车购置费', SANGONG_ITEMS[3]!],
  ['公务用车运行维护费', SANGONG_ITEMS[4]!],
  ['公务接待费', SANGONG_ITEMS[5]!],
  ['国内接待费', SANGONG_ITEMS[6]!],
  ['国境外接待费', SANGONG_ITEMS[7]!],
];
/** Misread characters allowed per character of a wording. */
const MAX_ITEM_MISREADS = 0.2;

/**
 * sangongItem for a label read by OCR: the patterns first, else the one printed wording within
 * a misread or two of the whole label (quotes, brackets and ordinals squeezed out).
 */
export function sangongItemTolerant(label: string): string {
  const exact = sangongItem(label);
  if (SANGONG_ITEMS.includes(exact) || /其中/.test(label)) return exact;
  const t = exact.replace(/[“”"'‘’「」()（）\\|、,，.:：]/g, '');
  const close = SANGONG_WORDINGS.filter(([w]) => editDistance(w, t) <= Math.floor(w.length * MAX_ITEM_MISREADS));
  const items = new Set(close.map(([, item]) => item));
  return items.size === 1 ? [...items][0]! : exact;
}

/** The horizontal 09 layout puts items in the header (合计 | 因公出国 | … each with 预算数/决算数). */
export function isHorizontal09(table: TemplateTable): boolean {
  const labelCols = table.columns.filter((c) => columnRole(c) === 'label');
  const itemCols = table.columns.filter((c) => /因公出国|公务接待/.test(c));
  return labelCols.length === 0 || itemCols.length >= 2;
}

export function horizontal09(table: TemplateTable, ctx: TableContext, unit: string, out: TableFacts): TableFacts {
  const spec = tableSpec(table.table_code);
  const budget = spec?.resolve_budget ? resolveBudgetMeasure([...table.notes, ...ctx.prose]) : null;
  // The 决算 09 template lists the 三公 items only; budget tables add 机关运行经费.
  const items = spec?.resolve_budget ? SANGONG_ITEMS : [...SANGONG_ITEMS, RUNNING_COSTS];
  const first = out.facts.length;
  // Values read in the row each fact came from (secondReadings).
  const rowValues = new Map<Fact, number>();
  for (const row of table.rows) {
    if (isMarksRow(table, row)) {
      const marks = row.cells.filter((c) => /\d/.test(c)).map((c) => `'${c}'`).join(', ');
      out.findings.push(finding(ctx, table, 'value.unreadable', 'warning', `a row of table ${table.table_code} (page ${row.page}) reads only ${marks}: marks (a seal, specks) read as digits beside amounts printed with decimals; not loaded — check the table`, row.page));
      continue;
    }
    const before = out.facts.length;
    const byLabel = table.columns.map((label, col) => ({ col, label, text: row.cells[col] ?? '', amount: parseAmount(row.cells[col]), beyond: BEYOND_SANGONG.test(label), ...itemAndMeasure09(table.table_code, label, budget, items) }));
    // A budget table that adds 会议费 and 培训费 prints a grand 合计 beside the 三公 小计: not the 三公 合计.
    // OCR may lose the 三公 over that 小计 (a bare '小计' heads no item group then): it is still the 三公 total.
    if (!budget && table.columns.some((c) => /会议费|培训费/.test(c)) && table.columns.some((c) => SANGONG_SUBTOTAL.test(c))) {
      for (const c of byLabel) if (!/三公/.test(c.label) && c.item === SANGONG_ITEMS[0]) (c.item = null), (c.beyond = true);
      for (const c of byLabel) if (/^小计$/.test(c.label) && !c.item) c.item = SANGONG_ITEMS[0]!;
    }
    // Items across and one row per measure (项目 | 合计 | 因公出国 …; rows 预算数, 决算数): the row's label is the measure.
    const rowMeasure = budget ? measureOfRow(table, row, budget) : null;
    if (rowMeasure) for (const c of byLabel) if (!c.measure && columnRole(c.label) !== 'label') c.measure = rowMeasure;
    const counted = (n: number) => out.facts.slice(before).forEach((f) => rowValues.set(f, n));
    // A row whose sums place its amounts: OCR'd (a garbled header, cells run together), or a
    // text-layer row whose header names some amount no item (a borderless header glued together).
    const bySums = row.method === 'ocr' || !headerNamesAll(byLabel) ? sumsRow(table, ctx, unit, row, rowMeasure ? null : budget, byLabel, out, rowMeasure) : 0;
    if (bySums) {
      counted(bySums);
      continue;
    }
    unreadableCells(table, ctx, row, byLabel, out);
    const valued = byLabel.filter((c) => c.amount.kind === 'number');
    if (!valued.length) continue;
    const keys = valued.map((c) => `${c.item}|${c.measure}`);
    const readable = valued.every((c) => c.item && c.measure) && new Set(keys).size === keys.length;
    if (!readable && !budget) {
      // A budget 三公 table has no positional template: load what the header names, report the rest.
      budgetCells(table, ctx, unit, row, valued, out);
      counted(valued.length);
      continue;
    }
    const cells = readable ? valued : positional09(table, row, budget!);
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
    counted(valued.length);
  }
  secondReadings(table, ctx, out, first, rowValues);
  return out;
}

/** A bare number of one or two digits, alone in its cell: a speck when the table prints decimals. */
const MARK = /^\d{1,2}$/;

/**
 * An OCR'd row whose only numbers are bare one- or two-digit integers ('1', '5', '17'), among
 * junk characters or none, in a table whose other rows print amounts with decimals: the marks
 * of a seal or specks below the table, read as digits. Loaded by position they had made up
 * 公务用车 values, and the repairs then 'corrected' a right 合计 to fit them.
 */
function isMarksRow(table: TemplateTable, row: TableRow): boolean {
  if (row.method !== 'ocr') return false;
  const numbers = row.cells.map((c) => c.trim()).filter((c) => /\d/.test(c));
  if (!numbers.length || !numbers.every((c) => MARK.test(c))) return false;
  return table.rows.some((r) => r !== row && r.cells.some((c) => /\d\.\d{2}\b/.test(c)));
}

/** 09's measure a row's label names (预算数 → the resolved budget measure, 决算数), or null. */
function measureOfRow(table: TemplateTable, row: TableRow, budget: string): string | null {
  const labels = table.columns.map((c, i) => (columnRole(c) === 'label' ? (row.cells[i] ?? '') : '')).join('');
  const m = labels ? measureFor(table.table_code, labels.replace(/\s/g, '')) : null;
  return m === '预算数' ? budget : m;
}

/** Whether the header names an item (or a column beyond the template) for each amount of the row, once each. */
function headerNamesAll(cells: { amount: ParsedAmount; beyond: boolean; item: string | null; measure: string | null }[]): boolean {
  const named = cells.filter((c) => c.amount.kind === 'number' && !(c.beyond && !c.item));
  const keys = named.map((c) => `${c.item}|${c.measure}`);
  return named.every((c) => c.item && c.measure) && new Set(keys).size === keys.length;
}

/** A column's item as a slot of the print order (sangong-sums.ts). */
const SLOT_OF_ITEM = new Map(Object.entries(SLOT_ITEM).filter(([, item]) => item).map(([slot, item]) => [item!, slot as Slot]));

/**
 * An OCR'd horizontal row read by its sums (sangong-sums.ts): facts for the items every reading
 * agrees on, findings for the rest. `budget`: 09's resolved 预算数 measure (its second is 决算数);
 * null for a one-measure budget table. Returns how many amounts the row held, 0 when the sums
 * place none (the header's reading stands then).
 */
function sumsRow(table: TemplateTable, ctx: TableContext, unit: string, row: TableRow, budget: string | null, cells: { col: number; label: string; text: string; beyond: boolean; item: string | null; measure: string | null }[], out: TableFacts, rowMeasure: string | null = null): number {
  const only = tableSpec(table.table_code)?.measures[0];
  const measures = rowMeasure ? [rowMeasure] : budget ? [budget, '决算数'] : only ? [only] : [];
  if (!measures.length) return 0;
  // Amounts of value columns: a label cell ('预算数', '1.') is none.
  // A cell that is not one plain amount may also be left out ('6.54 6.14' for 6,546.14): the sums
  // of the others still place them, and the cell is said unreadable.
  const valued = cells.filter((c) => /\d/.test(c.text) && columnRole(c.label) !== 'label').map((c) => {
    const readings = cellReadings(c.text);
    const plain = readings.length === 1 && readings[0]!.length === 1 && parseAmount(c.text).kind === 'number';
    return { c, readings: plain ? readings : [...readings, []] };
  });
  const slots = budget ? [] : rowMeasure ? FINAL_SLOTS : printedSlots(`${table.title}${table.columns.join('')}`);
  // Every choice among the cells' readings (a speck before an amount, or a lost comma): the one whose sums hold.
  const found = choices(valued.map((v) => v.readings.length)).flatMap((choice) => {
    const tokens = valued.flatMap(({ c, readings }, i) => cellTokens(c, readings[choice[i]!]!, measures));
    const read = readBySums(tokens, slots, measures.length);
    const left = valued.filter((_, i) => !valued[i]!.readings[choice[i]!]!.length).map((v) => v.c);
    return read ? [{ tokens, read, left }] : [];
  });
  if (found.length !== 1) return 0;
  const { tokens, read, left } = found[0]!;
  const page = row.page;
  for (const c of left) {
    const key = c.item && c.measure ? { name: c.item, measure: c.measure } : undefined;
    out.findings.push(finding(ctx, table, 'value.unreadable', 'error', `'${c.text}' is no amount the table's sums can place (table ${table.table_code}, column '${c.label}', page ${page}); not loaded — check the cell`, page, key));
  }
  for (const { place, token } of read.items) {
    const item = SLOT_ITEM[place.slot];
    const measure = measures[place.measure]!;
    if (item) out.facts.push(makeFact(ctx, table, { item_code: null, name: item, line_no: null }, measure, token.value, token.text, unit, row, token.col));
    else out.findings.push(finding(ctx, table, 'measure.beyond_template', 'info', `the ${place.slot === 'grand' ? '合计 including 会议费/培训费' : place.slot === 'meeting' ? '会议费' : '培训费'} of table ${table.table_code} ('${token.text}', page ${page}) is not a 三公 item of the template; kept in cells only`, page));
  }
  for (const place of read.ambiguous) {
    const item = SLOT_ITEM[place.slot];
    const measure = measures[place.measure]!;
    if (item) out.findings.push(finding(ctx, table, 'measure.unknown', 'warning', `table ${table.table_code} (page ${page}): the sums hold with ${item} ${measure} read two ways (its header was not read); not loaded — check the cell`, page, { name: item, measure }));
  }
  const split = tokens.some((t, i) => tokens.findIndex((u) => u.col === t.col) !== i);
  const sums = `三公 = 出国 + 用车 + 接待 and 用车 = 购置 + 运行${measures.length > 1 ? ' (预算数 and 决算数)' : ''}`;
  const how = `${split ? 'cells holding two amounts split, ' : ''}its ${tokens.length} amounts placed in the printed order where ${sums} hold exactly`;
  const against = read.overruled ? `, not as the OCR'd header's groups suggest ('${table.columns.join(' | ')}')` : '';
  out.findings.push(finding(ctx, table, 'measure.by_sums', 'info', `table ${table.table_code} (page ${page}): ${how}${against}`, page));
  return tokens.length;
}

/** Most combinations of cell readings tried (each a search of the print order). */
const MAX_CHOICES = 16;

/** Every combination of one reading per cell, the first readings first; none when there are too many. */
function choices(counts: number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of counts) out = out.flatMap((c) => Array.from({ length: n }, (_, i) => [...c, i]));
  return out.length > MAX_CHOICES ? [] : out;
}

/** The tokens of one cell read as `amounts`. */
function cellTokens(c: { col: number; label: string; text: string; beyond: boolean; item: string | null; measure: string | null }, amounts: string[], measures: string[]): Token[] {
  // A cell holding two amounts is two columns read as one: its header names neither for sure.
  const own = amounts.length === 1;
  const named = own ? ownPin(c.label, measures.length) : null;
  const hint = own ? pathPin(c, measures) : null;
  // value_text is the amount read: the cell, or the piece of it the sums took ('707.57' of '9 707.57').
  return amounts.map((text) => ({ col: c.col, text, value: (parseAmount(text) as { value: Decimal }).value, named, hint }));
}

/** What a column's own lowest header cell names: its item, and in 09 its measure word. */
function ownPin(label: string, measures: number): Pin | null {
  const slot = namedSlot(label) ?? undefined;
  const measure = measures > 1 ? namedMeasure(label.split('/').pop() ?? '') : undefined;
  return slot === undefined && measure === undefined ? null : { slot, measure };
}

/** What the whole header path says (itemAndMeasure09): a 小计 under its group, 09's measure above the item. */
function pathPin(c: { label: string; beyond: boolean; item: string | null; measure: string | null }, measures: string[]): Pin | null {
  const slot = c.item ? SLOT_OF_ITEM.get(c.item) : c.beyond && /合计|总计/.test(c.label) ? 'grand' : undefined;
  const m = c.measure ? measures.indexOf(c.measure) : -1;
  const measure = measures.length > 1 && m >= 0 ? m : undefined;
  return slot === undefined && measure === undefined ? null : { slot, measure };
}

/**
 * Each 三公 item is printed once per measure. An OCR'd row that names one again (a lone '6'
 * read from a seal or a signature under the table) is a second reading of the same cell: the
 * reading from the row with more values stays, the other is reported and not loaded, so the
 * dataset never holds two values for one cell.
 */
function secondReadings(table: TemplateTable, ctx: TableContext, out: TableFacts, first: number, rowValues: Map<Fact, number>): void {
  const kept = new Map<string, Fact>();
  const dropped = new Set<Fact>();
  for (const f of out.facts.slice(first)) {
    if (f.method !== 'ocr') continue;
    const key = `${f.item_name}|${f.measure}`;
    const other = kept.get(key);
    if (!other) {
      kept.set(key, f);
      continue;
    }
    const weaker = (rowValues.get(f) ?? 0) > (rowValues.get(other) ?? 0) ? other : f;
    if (weaker === other) kept.set(key, f);
    dropped.add(weaker);
    const stays = kept.get(key)!;
    out.findings.push(finding(ctx, table, 'value.unreadable', 'warning', `table ${table.table_code} (page ${weaker.page}) reads ${f.item_name} ${f.measure} twice, '${stays.value_text}' and '${weaker.value_text}' (a row with fewer values: a seal, a signature or a mark under the table); '${weaker.value_text}' was not loaded — check the cell`, weaker.page, { name: f.item_name ?? undefined, measure: f.measure }));
  }
  if (dropped.size) out.facts.splice(first, out.facts.length - first, ...out.facts.slice(first).filter((f) => !dropped.has(f)));
}

/**
 * A cell that is no number ('183.60 183.60 427.50': columns read together) is said, like in
 * every other table: on its item's row where its header names one and it holds one amount,
 * else for the whole table.
 */
function unreadableCells(table: TemplateTable, ctx: TableContext, row: TableRow, cells: { label: string; text: string; amount: ParsedAmount; item: string | null; measure: string | null }[], out: TableFacts): void {
  for (const c of cells) {
    const amount = c.amount;
    // Label cells ('项目', '预算数' printed in a row) hold no digit and are no value cell.
    if (amount.kind !== 'invalid' || !/\d/.test(c.text) || !(c.item || c.measure)) continue;
    // Several amounts in one cell are several columns read as one: they are not its item's alone.
    const several = (c.text.match(/\d[\d,]*\.\d+/g) ?? []).length >= 2;
    const key = c.item && !several ? { name: c.item, ...(c.measure ? { measure: c.measure } : {}) } : undefined;
    out.findings.push(finding(ctx, table, 'value.unreadable', 'error', `${amount.reason} (table ${table.table_code}, column '${c.label}', page ${row.page})`, row.page, key));
  }
}

/** Item and measure of a horizontal 三公 column from its header path (either nesting order). */
function itemAndMeasure09(table: string, label: string, budget: string | null, items: string[]): { item: string | null; measure: string | null } {
  const parts = label.split('/');
  const measurePart = parts.find((p) => measureFor(table, p) !== null) ?? '';
  let measure = measureFor(table, measurePart);
  if (measure === '预算数' && budget) measure = budget;
  // A budget 三公 table has one measure: a header that names only items still holds it.
  const only = tableSpec(table)?.measures;
  if (!measure && !budget && only?.length === 1) measure = only[0]!;
  const rest = parts.filter((p) => p !== measurePart);
  // '小计' under an item group stands for the group; otherwise the deepest item named.
  const sub = rest.indexOf('小计');
  // 购置费 / 运行费 under a 公务用车购置及运行费 group name the part, not the group the path also names.
  const named = vehiclePart(rest) ?? [...rest].reverse().find((p) => namesOneItem(p) && items.includes(sangongItem(p)));
  // A budget column may name its item and measure in one cell (机关运行经费预算数).
  const own = !budget && !named && items.includes(sangongItem(measurePart)) ? measurePart : null;
  const item = sub > 0 ? sangongItem(rest[sub - 1]!) : named ? sangongItem(named) : own ? sangongItem(own) : null;
  return { item: item && items.includes(item) ? item : null, measure };
}

/** Item words of the 三公 header: a cell naming two of them is two header cells run together. */
const ITEM_WORDS = [/因公出国/, /公务用车/, /公务接待/, /机关运行/];

function namesOneItem(part: string): boolean {
  return ITEM_WORDS.filter((re) => re.test(part)).length <= 1;
}

/** '购置费' / '运行费' under a 公务用车… group header: the group's part. */
function vehiclePart(parts: string[]): string | undefined {
  const leaf = parts[parts.length - 1] ?? '';
  if (!parts.slice(0, -1).some((p) => /公务用车/.test(p))) return undefined;
  if (/^购置费?$/.test(leaf)) return '公务用车购置费';
  if (/^运行(维护)?费?$/.test(leaf)) return '公务用车运行维护费';
  return undefined;
}

/** The 三公 小计 beside a grand 合计 that includes 会议费/培训费: '“三公”经费/小计', or '小计' alone. */
const SANGONG_SUBTOTAL = /三公.*小计$|^小计$/;

/** Columns some budget 三公 tables add (Jiangsu: 会议费, 培训费): printed, but not 三公 items. */
const BEYOND_SANGONG = /会议费|培训费/;

/** Budget 三公 row: the columns the header names are loaded, each other value is a finding. */
function budgetCells(table: TemplateTable, ctx: TableContext, unit: string, row: TableRow, valued: { col: number; label: string; text: string; beyond: boolean; item: string | null; measure: string | null }[], out: TableFacts): void {
  const seen = new Set<string>();
  for (const c of valued) {
    const key = `${c.item}|${c.measure}`;
    const amount = parseAmount(c.text);
    if (c.beyond && !c.item) {
      out.findings.push(finding(ctx, table, 'measure.beyond_template', 'info', `column '${c.label}' of table ${table.table_code} (会议费, 培训费 or a total including them) is not a 三公 item of the template; its value '${c.text}' (page ${row.page}) is kept in cells only`, row.page));
      continue;
    }
    if (!c.item || !c.measure || seen.has(key) || amount.kind !== 'number') {
      out.findings.push(finding(ctx, table, 'measure.unknown', 'warning', `column '${c.label}' of table ${table.table_code} is not a known item; its value '${c.text}' (page ${row.page}) was not loaded`, row.page));
      continue;
    }
    seen.add(key);
    out.facts.push(makeFact(ctx, table, { item_code: null, name: c.item, line_no: null }, c.measure, amount.value, c.text, unit, row, c.col));
  }
}

/** The horizontal template's six items: 合计, 出国, 用车 (小计, 购置, 运行维护), 接待. */
const HORIZONTAL_09_ITEMS = [SANGONG_ITEMS[0]!, SANGONG_ITEMS[1]!, SANGONG_ITEMS[2]!, SANGONG_ITEMS[3]!, SANGONG_ITEMS[4]!, SANGONG_ITEMS[5]!];

/**
 * A garbled header still has the template's 12 value columns: 预算数 then 决算数 for the six
 * items (the national layout), or both per item where the first 决算 label sits second.
 * Cells holding two numbers (OCR merged them) count as two columns.
 */
function positional09(table: TemplateTable, row: TableRow, budget: string): { col: number; text: string; item: string; measure: string }[] | null {
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

