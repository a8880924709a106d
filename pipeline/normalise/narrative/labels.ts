/**
 * What a narrative figure can be about, per section: a label (the words naming the figure, as
 * reports write them) and the table cell(s) it states. A label is tried only at the start of a
 * clause (after filler such as "2024年度", "其中"), so "与上年相比…减少X万元" never matches.
 */
import { CLASS_ORDER, NARRATIVE_JUESUAN_2024, SANGONG_ITEMS, type NarrativeCell, type NarrativeMeasureKind, type NarrativeSection } from '../../templates/index.ts';
import type { ItemLevel } from '../../types.ts';
import { levelOf } from '../fact-row.ts';
import type { SectionKind } from './paragraphs.ts';

/** Which figure of an item the sentence states. */
export type MeasureKind = NarrativeMeasureKind;

/** The table cell a figure belongs to (the identifying columns of a fact). */
export interface Target {
  table_code: string;
  item_code: string | null;
  item_name: string | null;
  item_level: ItemLevel | null;
  line_no: number | null;
  measure: string;
}

/** Resolves 类/款/项 names to a function code (the subject reference's findFunctionCode). */
export type FindFunctionCode = (names: { lei?: string; kuan?: string; xiang?: string }, year?: number) => string | null;

export interface LabelContext {
  findCode: FindFunctionCode;
  subjectName: (code: string) => string | null;
  year: number | undefined;
}

export interface Label {
  /** Matched at the start of the clause remainder. */
  re: RegExp;
  /** Cells stated by a figure of this kind; null when the label has no such measure. */
  targets(kind: MeasureKind, matched: string, ctx: LabelContext): Target[] | null;
}

/** A template cell as a target (no code or level unless the template gives one). */
function target(c: NarrativeCell): Target {
  return 'line_no' in c
    ? { table_code: c.table_code, item_code: null, item_name: c.item_name, item_level: null, line_no: c.line_no, measure: c.measure }
    : { table_code: c.table_code, item_code: c.item_code ?? null, item_name: c.item_name, item_level: null, line_no: null, measure: c.measure };
}

/** A label stating only actual (决算) figures. */
function actual(re: RegExp, make: (matched: string, ctx: LabelContext) => Target[] | null): Label {
  return { re, targets: (kind, m, ctx) => (kind === 'actual' ? make(m, ctx) : null) };
}

/**
 * The 类 in template row order, as prose names them. (其他支出 is left out of label matching:
 * "其他" is too common.)
 */
const CLASSES: [code: string, name: string][] = CLASS_ORDER.map((c) => [c.code, c.names[0]!.replace(/支出$/, '')]);
const MATCHED_CLASSES = CLASSES.filter(([code]) => code !== '229');

/** "卫生健康支出", "卫生健康(类)", "卫生健康(类)支出": a 类 named without 款/项. */
const CLASS_RE = new RegExp(`(?:${MATCHED_CLASSES.map(([, n]) => n).join('|')})(?:\\(类\\)支出|支出\\(类\\)|支出|\\(类\\))`);

function classOf(matched: string): { code: string; index: number } | null {
  const name = matched.replace(/\(类\)|支出/g, '');
  const index = CLASSES.findIndex(([, n]) => n === name);
  return index < 0 ? null : { code: CLASSES[index]![0], index };
}

/** A subject written as 类(类)款(款)项(项); the 款 and 项 parts are optional. */
const CHAIN_RE = /[\u4e00-\u9fa5、]+?\(类\)(?:[\u4e00-\u9fa5、]+?\(款\))?(?:[\u4e00-\u9fa5、]+?\(项\))?/;

function splitChain(matched: string): { lei?: string; kuan?: string; xiang?: string } {
  const part = (marker: string) => new RegExp(`([\\u4e00-\\u9fa5、]+?)\\(${marker}\\)`).exec(matched)?.[1];
  const out: { lei?: string; kuan?: string; xiang?: string } = {};
  const lei = part('类');
  const kuan = part('款');
  const xiang = part('项');
  if (lei) out.lei = lei;
  if (kuan) out.kuan = kuan;
  if (xiang) out.xiang = xiang;
  return out;
}

type Subjects = NonNullable<NarrativeSection['subjects']>;
type ClassLines = NonNullable<NarrativeSection['class_lines']>;

/** The subject row of a 类/款/项 chain, resolved through the subject reference. */
function chainSubject(t: Subjects, matched: string, ctx: LabelContext): Target[] | null {
  const names = splitChain(matched);
  const code = ctx.findCode(names, ctx.year);
  const level = code ? levelOf(code) : null;
  if (!code || !level) return null;
  const printed = names.xiang ?? names.kuan ?? names.lei ?? null;
  const item_name = ctx.subjectName(code) ?? printed;
  return [{ table_code: t.table_code, item_code: code, item_name, item_level: level, line_no: null, measure: t.measure }];
}

function classSubject(t: Subjects, matched: string, ctx: LabelContext): Target[] | null {
  const cls = classOf(matched);
  if (!cls) return null;
  const item_name = ctx.subjectName(cls.code) ?? `${CLASSES[cls.index]![1]}支出`;
  return [{ table_code: t.table_code, item_code: cls.code, item_name, item_level: '类', line_no: null, measure: t.measure }];
}

/** The expenditure line of a 类 in a two-sided table. */
function classLine(t: ClassLines, matched: string): Target[] | null {
  const cls = classOf(matched);
  if (!cls) return null;
  const [, name] = CLASSES[cls.index]!;
  return [target({ table_code: t.table_code, line_no: t.first_line + cls.index, item_name: `${name}支出`, measure: t.measure })];
}

/** Only a chain naming nothing below the 类 maps onto a class line (the table has no 款/项 rows). */
function chainClassLine(t: ClassLines, matched: string): Target[] | null {
  const names = splitChain(matched);
  if (names.kuan || names.xiang || !names.lei) return null;
  return classLine(t, `${names.lei}(类)`);
}

function sangongLabels(s: NonNullable<NarrativeSection['sangong']>): Label[] {
  return s.items.map(([re, item]) => {
    if (!SANGONG_ITEMS.includes(item)) throw new Error(`not a canonical 三公 item: ${item}`);
    return { re, targets: (kind: MeasureKind) => [target({ table_code: s.table_code, item_name: item, measure: s.measures[kind] })] };
  });
}

/** A section's labels, in the order ties are broken: fixed labels, subject chains, 类 names. */
function sectionLabels(name: SectionKind): Label[] {
  const section = NARRATIVE_JUESUAN_2024[name];
  if (!section) return [];
  const out: Label[] = section.includes ? sectionLabels(section.includes as SectionKind) : [];
  for (const l of section.labels) out.push(actual(l.re, () => l.cells.map(target)));
  const lines = section.class_lines;
  if (lines) out.push(actual(CHAIN_RE, (m) => chainClassLine(lines, m)), actual(CLASS_RE, (m) => classLine(lines, m)));
  const subjects = section.subjects;
  if (subjects) out.push(actual(CHAIN_RE, (m, ctx) => chainSubject(subjects, m, ctx)), actual(CLASS_RE, (m, ctx) => classSubject(subjects, m, ctx)));
  if (section.sangong) out.push(...sangongLabels(section.sangong));
  return out;
}

const SECTIONS: SectionKind[] = ['total', 'income', 'expenditure', 'fin_total', 'fin_exp', 'gpb_exp', 'gpb_basic', 'sangong', 'other'];

/** Labels per section, from the template's narrative data (templates/narrative-juesuan-2024.ts). */
export const LABELS: Record<SectionKind, Label[]> = Object.fromEntries(SECTIONS.map((s) => [s, sectionLabels(s)])) as Record<SectionKind, Label[]>;

/** The longest label of `labels` at the start of `text`, with the text it matched. */
export function matchLabel(labels: Label[], text: string): { label: Label; matched: string } | null {
  let best: { label: Label; matched: string } | null = null;
  for (const label of labels) {
    const m = new RegExp(`^(?:${label.re.source})`).exec(text);
    if (m && m[0].length > 0 && (!best || m[0].length > best.matched.length)) best = { label, matched: m[0] };
  }
  return best;
}
