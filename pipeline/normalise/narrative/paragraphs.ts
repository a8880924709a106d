/**
 * Report prose → paragraphs, each tagged with the section of the report it belongs to.
 *
 * Extracted lines break sentences wherever the page or the converter wrapped them
 * ("支出决算为" / "17.14 万元"), so lines are joined back into paragraphs: a line continues the
 * previous one unless the previous ended a sentence (。；：) or the line starts a new numbered
 * item or is a heading. Headings ("二、支出决算情况说明") decide which section the following
 * figures belong to; the section decides which table a figure maps to.
 */
import { normaliseText } from '../../extract/textnorm.ts';

export type SectionKind =
  /** 收入支出决算总体情况说明: totals of table 01. */
  | 'total'
  /** 收入决算情况说明: table 01 income lines, 02 合计. */
  | 'income'
  /** 支出决算情况说明: table 01 expenditure lines, 03 合计. */
  | 'expenditure'
  /** 财政拨款收入支出决算总体情况说明: totals of table 04. */
  | 'fin_total'
  /** 财政拨款支出决算情况说明 (all 财政拨款, not only 一般公共预算): table 04 expenditure. */
  | 'fin_exp'
  /** 一般公共预算财政拨款支出决算情况说明: table 05. */
  | 'gpb_exp'
  /** 一般公共预算财政拨款基本支出决算情况说明: table 05 合计 基本支出, table 06. */
  | 'gpb_basic'
  /** 三公 经费: table 09. */
  | 'sangong'
  /** Anything else (概况, 名词解释, 机关运行经费, 绩效…): no figures are taken from it. */
  | 'other';

export interface Paragraph {
  section: SectionKind;
  /** Normalised text, spaces removed except between two digits. */
  text: string;
  /** Where each source line starts in `text`, and its page: to find the page of a figure. */
  starts: { offset: number; page: number }[];
  /**
   * Paragraphs of one heading or numbered item share a block number: a claim's figures are
   * looked for in its block ("年初预算为…" and "决算数小于预算数…" may be paragraphs apart).
   */
  block: number;
  /** The heading the paragraph is under (numbering kept): what a block's figures are of when no clause says. */
  heading: string;
}

/** A heading is a short line; longer ones are sentences even when numbered. */
const HEADING_MAX_CHARS = 40;

/** Numbering that starts a top-level heading or item: 第三部分, 一、, 1、 */
const TOP_NUMBERING_RE = /^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.]|\d{1,2}、)/;
/** Numbering of a sub-heading or sub-item: (一), (1), 1. (not 17.14, which is a number). */
const SUB_NUMBERING_RE = /^(\([一二三四五六七八九十]{1,3}\)|\(\d{1,2}\)|\d{1,2}\.(?!\d))/;
/** A figure with a money unit: a line holding one is a statement, never a heading. */
const MONEY_RE = /\d\s*(万元|元|千元|亿元)/;
/** Characters that end a sentence or announce a list: the next line starts a new paragraph. */
const SENTENCE_END_RE = /[。;:!?]$/;

/** Section of a heading's text, by the wording of the national template's 情况说明 headings. */
export function classifyHeading(text: string): SectionKind {
  // A table title (收入支出决算总表) or a table-of-contents entry for one is not a prose section.
  if (/表$/.test(text)) return 'other';
  if (/三公/.test(text)) return 'sangong';
  if (/基本支出/.test(text) && /一般公共预算|财政拨款/.test(text)) return 'gpb_basic';
  if (/政府性基金|国有资本经营/.test(text)) return 'other';
  if (/一般公共预算/.test(text) && /支出/.test(text)) return 'gpb_exp';
  if (/财政拨款收入支出|财政拨款收、?支/.test(text)) return 'fin_total';
  if (/财政拨款支出/.test(text)) return 'fin_exp';
  if (/收入支出决算总体|收、?支决算总体|收入支出总体/.test(text)) return 'total';
  if (/收入决算/.test(text)) return 'income';
  if (/支出决算/.test(text)) return 'expenditure';
  return 'other';
}

type HeadingLevel = 'top' | 'sub' | null;

/** Whether a (cleaned) line is a heading, and of which level. */
export function headingLevel(line: string): HeadingLevel {
  // A sentence ending inside the line ("1、…行政运行(项)。主要用于:…") makes it prose, however short.
  // So does a 类/款/项 chain: "5、社会保障和就业支出(类)行政事业单位养老支出(款)…" is an item wrapped over lines.
  if (line.length > HEADING_MAX_CHARS || MONEY_RE.test(line) || /[。;]|\((?:类|款|项)\)/.test(line)) return null;
  if (TOP_NUMBERING_RE.test(line)) return 'top';
  if (SUB_NUMBERING_RE.test(line)) return 'sub';
  // Headings whose numbering was lost in conversion still end like one.
  if (/(情况说明|情况|说明)$/.test(line)) return 'top';
  return null;
}

/** Normalise, then drop spaces except between two digits (they would split a number apart). */
export function cleanLine(line: string): string {
  return normaliseText(line).replace(/(?<!\d) +| +(?!\d)/g, '');
}

function startsItem(line: string): boolean {
  return TOP_NUMBERING_RE.test(line) || SUB_NUMBERING_RE.test(line);
}

/**
 * Join the report's lines into paragraphs and tag each with its section. Top-level headings
 * set the section; a sub-heading only does so when it names a section and we are not already
 * inside one (a "(一)…总体情况" under 一般公共预算 must not switch to the generic 支出 section).
 */
export function toParagraphs(text: { page: number; lines: string[] }[]): Paragraph[] {
  const out: Paragraph[] = [];
  let section: SectionKind = 'other';
  let open: Paragraph | null = null;
  let block = 0;
  let heading = '';
  for (const { page, lines } of text) {
    for (const raw of lines) {
      const line = cleanLine(raw);
      if (!line) continue;
      const level = headingLevel(line);
      if (level) {
        const kind = classifyHeading(line);
        if (level === 'top' || section === 'other') section = kind;
        open = null;
        block += 1;
        heading = line;
        continue;
      }
      if (open && !SENTENCE_END_RE.test(open.text) && !startsItem(line)) {
        open.starts.push({ offset: open.text.length, page });
        open.text += line;
        continue;
      }
      if (startsItem(line)) block += 1;
      open = { section, text: line, starts: [{ offset: 0, page }], block, heading };
      out.push(open);
    }
  }
  return out;
}

/** Page of the character at `offset` in a paragraph. */
export function pageAt(p: Paragraph, offset: number): number {
  let page = p.starts[0]!.page;
  for (const s of p.starts) {
    if (s.offset > offset) break;
    page = s.page;
  }
  return page;
}
