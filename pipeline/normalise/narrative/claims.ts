/**
 * Claims: the relations a report's prose states about its figures (决算数小于预算数, 占99.79%,
 * 比上年减少56.95万元, 共有车辆2辆…), each with the figures it relates, read block by block.
 * Only what the sentence and its block say is recorded here; whether it holds is decided by
 * validate (validate/checks/claims.ts) against the tables and the other statements. When a
 * claim's figures are not in its block, it is kept with a note: it is then "unchecked".
 * The wordings are template data: pipeline/templates/claims.ts.
 */
import {
  CHANGE_PCT_RE, COMPARISON_EQUAL_RE, COMPARISON_ORDER_RE, COMPARISON_WORDS, COMPLETION_RE, COUNT_PATTERNS, DOWN_WORDS,
  FLAT_RE, PRIOR_YEAR_RE, SHARE_RE, SHARE_WHOLE_MARKER_RE, UP_WORDS,
} from '../../templates/claims.ts';
import type { Claim, ClaimCell } from '../../types.ts';
import { asClaimFigure, lastFigure, pageOf, subjectAt, subjectKey, toBlocks, toYuan, type Block, type Sentence } from './figures.ts';
import { toParagraphs } from './paragraphs.ts';
import { scanParagraphs, stripFiller, type ScanContext } from './statements.ts';

/** Items that no standard 决算 table holds but the prose states as totals. */
const UNTABLED_TOTALS: { key: RegExp; base: string }[] = [{ key: /^机关运行$/, base: '机关运行经费' }];

function claim(kind: Claim['kind'], b: Block, s: Sentence, at: number, rest: Partial<Claim>): Claim {
  return {
    kind, sentence: s.text, page: pageOf(b, at), subject: '', relation: null, stated: null, figures: {}, cell: null, base: null, note: null,
    ...rest,
  };
}

function comparisons(b: Block, s: Sentence, out: Claim[]): void {
  const order = COMPARISON_ORDER_RE.exec(s.stating) ?? COMPARISON_ORDER_RE.exec(s.text);
  const equal = COMPARISON_EQUAL_RE.exec(s.stating) ?? COMPARISON_EQUAL_RE.exec(s.text);
  const m = order ?? equal;
  if (!m) return;
  const at = s.offset + m.index;
  const relation = order ? COMPARISON_WORDS[order[1]!]! : equal![1] ? 'about' : 'eq';
  const named = subjectKey(lastClause(s.text.slice(0, m.index)));
  const key = named || subjectAt(b, at);
  const actual = lastFigure(b, at, ['actual', 'amount'], key);
  const budget = lastFigure(b, at, ['budget'], key);
  const note = !budget ? `no 预算数 of "${key || 'the item'}" is stated before the sentence` : !actual ? `no 决算数 of "${key}" is stated before the sentence` : null;
  out.push(claim('comparison', b, s, at, { subject: actual?.subject ?? key, relation, figures: { actual: asClaimFigure(actual), budget: asClaimFigure(budget) }, note }));
}

function completions(b: Block, s: Sentence, out: Claim[]): void {
  for (const m of s.stating.matchAll(new RegExp(COMPLETION_RE.source, 'g'))) {
    const at = s.offset + m.index;
    const actual = lastFigure(b, at, ['actual', 'amount']);
    const budget = actual ? lastFigure(b, at, ['budget'], actual.key) : undefined;
    const note = !actual ? 'no 决算数 is stated before the percentage' : !budget ? `no 预算数 of "${actual.subject}" is stated before the percentage` : null;
    out.push(claim('completion', b, s, at, { subject: actual?.subject ?? '', stated: m[1]!, figures: { actual: asClaimFigure(actual), budget: asClaimFigure(budget) }, note }));
  }
}

function shares(b: Block, s: Sentence, out: Claim[], earlier: Block[]): void {
  for (const m of s.stating.matchAll(new RegExp(SHARE_RE.source, 'gu'))) {
    const at = s.offset + m.index;
    const part = b.figures.filter((f) => f.end <= at && f.start >= s.offset && f.role !== 'change' && f.role !== 'prior').at(-1);
    const base = stripFiller(m[1] ?? '').rest.replace(/["“”]/g, '');
    let whole = undefined as ReturnType<typeof lastFigure>;
    // A named base ("占本年支出合计的…") is often stated in an earlier section.
    if (part && base) whole = lastFigure(b, part.start, ['actual', 'amount'], subjectKey(base)) ?? earlierFigure(earlier, subjectKey(base));
    else if (part) whole = b.figures.filter((f) => f.end <= part.start && SHARE_WHOLE_MARKER_RE.test(b.text.slice(f.end))).at(-1);
    const note = !part ? 'no figure before the percentage' : !whole ? (base ? `the base "${base}" is not stated in the same block` : 'no total before 其中/主要用于 to divide by') : null;
    out.push(claim('share', b, s, at, { subject: part?.subject ?? '', stated: m[2]!, base: base || null, figures: { part: asClaimFigure(part), whole: asClaimFigure(whole) }, note }));
  }
}

function earlierFigure(blocks: Block[], key: string) {
  for (const b of [...blocks].reverse()) {
    const hit = lastFigure(b, b.text.length, ['actual', 'amount'], key);
    if (hit) return hit;
  }
  return undefined;
}

function changes(b: Block, s: Sentence, out: Claim[], fiscalYear: number | null): void {
  const prior = PRIOR_YEAR_RE.exec(s.stating);
  // "与2024年预算基本持平" in a 2024 report compares with the budget, not with a prior year.
  if (!prior || (prior[1] && fiscalYear !== null && Number(prior[1]) >= fiscalYear)) return;
  const tail = s.stating.slice(prior.index + prior[0].length);
  const at = s.offset + prior.index;
  const inSentence = b.figures.filter((f) => f.start >= s.offset && f.end <= s.offset + s.stating.length);
  const amount = inSentence.find((f) => f.role === 'change' && f.start > at);
  const pct = CHANGE_PCT_RE.exec(tail);
  const flat = !amount && !pct && FLAT_RE.test(tail);
  if (!amount && !pct && !flat) return;
  const word = amount ? /(增加|减少|增长|下降|上升|降低|节约|超支)(?:了)?(?:约)?$/.exec(b.text.slice(s.offset, amount.start))?.[1] : pct?.[1];
  const relation = flat ? 'flat' : UP_WORDS.includes(word ?? '') ? 'up' : DOWN_WORDS.includes(word ?? '') ? 'down' : null;
  const lead = lastClause(s.stating.slice(0, prior.index));
  const named = subjectKey(tail.split(/增加|减少|增长|下降|上升|降低|持平|节约|超支/)[0] ?? '') || (/\d/.test(lead) ? '' : subjectKey(lead));
  const key = named || subjectAt(b, at);
  const found = lastFigure(b, at, ['actual', 'amount'], key) ?? lastFigure(b, at, ['actual', 'amount'], undefined);
  // A current-year figure carried from another sentence is trusted only when the change names its subject.
  const current = found && (found.start >= s.offset || named) ? found : undefined;
  const priorFig = inSentence.find((f) => f.role === 'prior');
  const pctDirection = pct ? (UP_WORDS.includes(pct[1]!) ? 'up' : 'down') : null;
  const note = !current ? (found ? 'the sentence names no subject and states no current-year figure' : 'the current-year figure is not stated before the comparison') : !priorFig && !(amount && pct) && !(relation && pctDirection && relation !== pctDirection) ? 'the prior-year figure is not printed, so the change cannot be recomputed' : null;
  out.push(claim('change', b, s, at, {
    subject: current?.subject ?? named, relation, stated: pct ? `${pctDirection}:${pct[2]}` : null,
    figures: { current: asClaimFigure(current), amount: asClaimFigure(amount), prior: asClaimFigure(priorFig) }, note,
  }));
}

function counts(b: Block, s: Sentence, out: Claim[]): void {
  for (const p of COUNT_PATTERNS) {
    const m = p.re.exec(s.text);
    if (!m) continue;
    out.push(claim('count', b, s, s.offset + m.index, { subject: p.counted, base: p.counted, stated: m[1]! }));
  }
}

function untabledTotals(b: Block, s: Sentence, out: Claim[]): void {
  for (const f of b.figures.filter((x) => x.start >= s.offset && x.end <= s.offset + s.text.length && x.role !== 'change' && x.role !== 'prior')) {
    const hit = UNTABLED_TOTALS.find((t) => t.key.test(f.key));
    if (hit && f.role !== 'budget') out.push(claim('figure', b, s, f.start, { subject: f.subject, base: hit.base, figures: { value: asClaimFigure(f) } }));
  }
}

function lastClause(text: string): string {
  return text.split(/[,:]/).at(-1) ?? '';
}

/** Figure claims: each statement the narrative reader maps onto a table cell. */
function figureClaims(text: { page: number; lines: string[] }[], ctx: ScanContext): Claim[] {
  const out: Claim[] = [];
  for (const st of scanParagraphs(toParagraphs(text), ctx)) {
    // One claim per figure, even when it states two cells (收入支出总计: 01 lines 31 and 62).
    const [cell, ...also] = st.targets.map((t): ClaimCell => ({ table_code: t.table_code, item_code: t.item_code, line_no: t.line_no, item_name: t.item_name, measure: t.measure }));
    if (!cell) continue;
    const subject = cell.item_name ?? '';
    out.push({
      kind: 'figure', sentence: st.sentence, page: st.page, subject, relation: null, stated: null, cell, base: null, note: null,
      ...(also.length ? { also_cells: also } : {}),
      figures: { value: { value_text: st.value_text, unit: st.unit, value_yuan: toYuan(st.value_text, st.unit), page: st.page, subject } },
    });
  }
  return out;
}

/**
 * Figures stated in a section about a table (收入/支出/财政拨款/三公 …) that no label ties to a
 * cell: claims about the table all the same, listed so that they are counted as unchecked.
 */
function untied(b: Block, figureClaims: Claim[], out: Claim[]): void {
  if (b.paragraph.section === 'other') return;
  const tied = new Set(figureClaims.map((c) => `${c.sentence}|${c.figures.value?.value_yuan}`));
  for (const s of b.sentences) {
    for (const f of b.figures.filter((x) => x.start >= s.offset && x.end <= s.offset + s.text.length && (x.role === 'actual' || x.role === 'amount'))) {
      if (tied.has(`${s.text}|${f.value_yuan}`)) continue;
      out.push(claim('figure', b, s, f.start, { subject: f.subject, figures: { value: asClaimFigure(f) }, note: `the wording ties ${f.value_text}${f.unit} ("${f.subject}") to no table cell` }));
    }
  }
}

/** Every claim the prose makes, in reading order per kind. */
export function extractClaims(text: { page: number; lines: string[] }[], ctx: ScanContext): Claim[] {
  const out = figureClaims(text, ctx);
  const tied = [...out];
  const blocks = toBlocks(toParagraphs(text));
  blocks.forEach((b, i) => {
    untied(b, tied, out);
    for (const s of b.sentences) {
      comparisons(b, s, out);
      completions(b, s, out);
      shares(b, s, out, blocks.slice(0, i));
      changes(b, s, out, ctx.fiscalYear);
      counts(b, s, out);
      untabledTotals(b, s, out);
    }
  });
  return out;
}
