/**
 * Leftovers of a template or of another report: placeholders in headings (XX局, ××, 某某,
 * 【】), a heading naming another department than the cover (`meta.placeholder`,
 * `meta.department_mismatch`), and a 目录 that does not match the tables (`toc.table_missing`,
 * `toc.table_unlisted`).
 */
import { HEADING_ORG_RE, PLACEHOLDER_RE, TOC_MIN_TABLE_ENTRIES } from '../../templates/claims.ts';
import { NOWHERE, type Ctx } from '../context.ts';
import { templateOfDoc } from '../template.ts';

/** Headings and title lines are short and carry no sentence punctuation. */
const MAX_HEADING_CHARS = 40;
const SENTENCE_MARK = /[，。；,;]/;
/** A table's department line: "编制单位：上海市普陀区财政局", "部门：…". */
/** What an organisation's name ends with (a unit line "单位：万元" names none). */
const ORG_END_RE = /(?:局|委员会|委|院|办公室|办|中心|厅|政府|处|所|站|馆|社|队|团|校|部|会|室)(?:\((?:汇总|本级)\))?$/;
/** A full organisation name starts with its region: 上海市…, 聊城市…, 遂宁市安居区… */
const FULL_NAME_RE = /^\p{Script=Han}{2,}?(?:省|市|自治区|自治州|州|盟|县|旗)/u;
const DEPARTMENT_LINE_RE = /(?:编制|填报|预算)?(?:单位|部门)(?:名称)?[:：]\s*([^\s:：]{2,40}?)(?=\s|金额|单位[:：]|\d{4}年|$)/;

function headingLines(text: { page: number; lines: string[] }[]): { page: number; line: string }[] {
  const out: { page: number; line: string }[] = [];
  for (const { page, lines } of text) {
    for (const raw of lines) {
      const line = raw.replace(/\s+/g, '');
      if (line && line.length <= MAX_HEADING_CHARS && !SENTENCE_MARK.test(line)) out.push({ page, line });
    }
  }
  return out;
}

/** Organisation names compare after dropping scope suffixes; a short form inside the long one agrees. */
function sameOrg(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').replace(/\((?:汇总|本级)\)|[()]/g, '');
  const x = norm(a);
  const y = norm(b);
  return x.includes(y) || y.includes(x);
}

export function checkLeftovers(ctx: Ctx, text: { page: number; lines: string[] }[], notes: Record<string, string[]>): void {
  const department = ctx.doc.report.department;
  const lines = headingLines(text);
  for (const [table, ns] of Object.entries(notes)) for (const n of ns) if (DEPARTMENT_LINE_RE.test(n)) lines.push({ page: ctx.index.firstPage(table) ?? 0, line: n.trim() });
  const seen = new Set<string>();
  let placeholders = 0;
  let orgs = 0;
  for (const { page, line } of lines) {
    if (seen.has(line)) continue;
    seen.add(line);
    const placeholder = PLACEHOLDER_RE.exec(line);
    if (placeholder) {
      placeholders += 1;
      ctx.record('meta.placeholder', false, {
        severity: 'error', ...NOWHERE, page: page || null,
        message: `heading "${line}" on page ${page} still holds the template placeholder "${placeholder[0]}"; replace it with the report's ${department ? `department (${department})` : 'department'} or value`,
      });
      continue;
    }
    const org = (/[:：]/.test(line) ? null : HEADING_ORG_RE.exec(line)?.[1]) ?? DEPARTMENT_LINE_RE.exec(line)?.[1];
    // Only a full name (region first: 上海市普陀区…局) can differ; short forms (区医保局) are the cover's.
    if (!org || !department || !ORG_END_RE.test(org) || !FULL_NAME_RE.test(org)) continue;
    orgs += 1;
    if (sameOrg(org, department)) continue;
    ctx.record('meta.department_mismatch', false, {
      severity: 'error', ...NOWHERE, page: page || null,
      message: `heading "${line}" on page ${page} names ${org}, but the cover names ${department}; a heading copied from another report?`,
    });
  }
  if (lines.length > 0 && placeholders === 0) ctx.record('meta.placeholder', true);
  if (orgs > 0 && !ctx.findings.some((f) => f.check_id === 'meta.department_mismatch')) ctx.record('meta.department_mismatch', true);
}

export function checkToc(ctx: Ctx): void {
  const { doc } = ctx;
  // Only tables of the report's own template: a title another family also uses says nothing.
  const own = templateOfDoc(doc).tables;
  const toc = (doc.toc ?? []).filter((e) => e.table_code && own[e.table_code]);
  if (toc.length < TOC_MIN_TABLE_ENTRIES) return;
  const present = new Set([...doc.tables_found, ...doc.tables_empty, ...doc.facts.filter((f) => f.method !== 'narrative').map((f) => f.table_code)].filter((t) => own[t]));
  // A required table that is missing is already an error (table.missing); say nothing twice.
  const reportedMissing = new Set(templateOfDoc(doc).required);
  const listed = new Set(toc.map((e) => e.table_code!));
  // A narrative-only report's tables are elsewhere (tables.narrative_only says so).
  const narrativeOnly = !doc.facts.some((f) => f.method !== 'narrative');
  for (const e of toc) {
    if (present.has(e.table_code!) || reportedMissing.has(e.table_code!) || narrativeOnly) {
      ctx.record('toc.table_missing', true);
      continue;
    }
    ctx.record('toc.table_missing', false, {
      severity: 'warning', ...NOWHERE, table_code: e.table_code, page: e.page,
      message: `the 目录 (page ${e.page}) lists "${e.title}", but no such table was found in the report`,
    });
  }
  for (const table of [...present].sort()) {
    const ok = listed.has(table);
    ctx.record('toc.table_unlisted', ok, ok ? undefined : {
      severity: 'warning', ...NOWHERE, table_code: table, page: ctx.index.firstPage(table),
      message: `table ${table} is printed (page ${ctx.index.firstPage(table) ?? '?'}) but the 目录 does not list it`,
    });
  }
}
