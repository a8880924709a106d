/**
 * The report's table of contents (目录): the table titles it lists, each with the standard
 * table it names. validate compares them with the tables found (a 目录 entry with no table, a
 * table the 目录 does not list).
 */
import { recogniseTitle } from '../../templates/index.ts';
import { TOC_HEADING_RE } from '../../templates/claims.ts';
import type { NormalisedDoc } from '../../types.ts';
import { cleanLine } from './paragraphs.ts';

/** A 目录 line is short; a page whose lines are all short may continue it. */
const TOC_LINE_MAX_CHARS = 45;
/** Leaders and page numbers after an entry: "收入决算表……………5". */
const LEADER_RE = /[.·…\-_\s]*\d{0,3}$/;
/** Numbering before an entry: 一、 (一) 1. 第二部分 */
const NUMBERING_RE = /^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d{1,2}[、.])/;

export function tableOfContents(text: { page: number; lines: string[] }[]): NonNullable<NormalisedDoc['toc']> {
  const start = text.findIndex((p) => p.lines.some((l) => TOC_HEADING_RE.test(cleanLine(l))));
  if (start < 0) return [];
  const out: NonNullable<NormalisedDoc['toc']> = [];
  let first: string | null = null;
  for (let i = start; i < text.length; i++) {
    const { page, lines } = text[i]!;
    const clean = lines.map(cleanLine).filter(Boolean);
    const from = i === start ? clean.findIndex((l) => TOC_HEADING_RE.test(l)) + 1 : 0;
    const entries = clean.slice(from);
    if (i > start && (entries.length === 0 || entries.some((l) => l.length > TOC_LINE_MAX_CHARS))) break;
    // Exports without page breaks: the 目录 ends at the first long line, or where the body
    // starts over with the 目录's first entry ("第一部分…").
    const end = entries.findIndex((l, k) => l.length > TOC_LINE_MAX_CHARS || (k > 0 && l === first));
    first ??= entries[0] ?? null;
    for (const line of end < 0 ? entries : entries.slice(0, end)) {
      const title = line.replace(LEADER_RE, '').replace(NUMBERING_RE, '');
      if (!/表(?:\(公开\d{1,2}表\))?$/.test(title)) continue;
      out.push({ title, table_code: recogniseTitle(title), page });
    }
    if (end >= 0) break;
  }
  return out;
}
