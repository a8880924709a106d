/**
 * Subject codes of a row: reading them from the label cells (whole, spaced, split over
 * 类/款/项 columns, glued to the name, inherited from the row above), repairing OCR misreads by
 * the name, and checking them against the subject reference.
 */
import type { Fact, QualityFinding, TemplateTable } from '../types.ts';
import { finding, levelOf, type TableContext, type TableFacts } from './fact-row.ts';
import { editDistance } from './template.ts';
import { allSubjects, knownNames, lookupSubject, nameMatchesCode } from './reference/subjects.ts';

/** Digits of a 款 or 项 segment of a subject code. */
const SEGMENT_DIGITS = 2;

/**
 * A 款/项 segment of a split code. Spreadsheet producers print a segment typed as a number
 * without its leading zero ('2' for 02, 津贴补贴 30102), so in a column headed 款 or 项 one digit
 * is a segment too; elsewhere a lone digit is no code.
 */
function isSegment(t: string, header: string): boolean {
  return /^\d{2}$/.test(t) || (/^\d$/.test(t) && /^(款|项)$/.test(header));
}

/**
 * Split the label cells into the subject code and the name. Codes come whole ('2080505'),
 * spaced ('208 05 05'), split over 类/款/项 columns ('208' | '05' | '05'), or glued to the
 * name ('2080505机关事业单位…'). A blank 类 (or 类 and 款) cell inherits from the row above.
 */
export function codeParts(cells: { text: string; header: string }[], prev: string, ocr = false): { code: string | null; name: string | null } {
  let code = '';
  const names: string[] = [];
  for (const { text, header } of cells) {
    const t = text.replace(/\s/g, '');
    if (!t || /^(类|款|项)$/.test(t)) continue;
    // A row printing only its own segment (类 | 款 | 项 columns, parents' cells blank), OCR'd.
    const own = ocr && !code && prev ? ownSegment(t, header, prev) : null;
    if (own) {
      code = own.code;
      if (own.rest) names.push(own.rest);
      continue;
    }
    const read = ocr && !code ? misreadCodeCell(t) : null;
    const glued = ocr && code ? gluedSegments(t, code) : null;
    if (read) code = read;
    else if (glued) {
      code = glued.code;
      if (glued.rest) names.push(glued.rest);
    } else if (/^\d{3}(\d{2}){0,2}$/.test(t) && !code) code = t;
    else if (isSegment(t, header) && (code || /^(款|项)$/.test(header))) {
      if (!code && prev) code = prev.slice(0, header === '项' ? 5 : 3);
      code += t.padStart(SEGMENT_DIGITS, '0');
    } else if (/^\d{8,}/.test(t) && !code) {
      // Two rows' codes run together (OCR, wrapped cells): the later one belongs to this name.
      // On OCR'd rows only when the earlier is a code too, or the name is the later one's:
      // '22110201住房公积金' is 2210201 misread, not 201 一般公共服务支出.
      const run = /^(\d+)(.*)$/.exec(t)!;
      const fits = (c: string) => !ocr || !run[2] || nameMatchesCode(run[2], c) || !!lookupSubject(run[1]!.slice(0, -c.length));
      const split = [7, 5, 3].map((n) => run[1]!.slice(-n)).find((c) => lookupSubject(c) && fits(c));
      if (split || !ocr) {
        code = split ?? run[1]!.slice(-5);
        if (run[2]) names.push(run[2]);
      } else names.push(t);
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
 * The segment of a row that prints only its own 款 or 项 (its parents' cells blank), as OCR
 * reads it: with a border or speck in its cell ('105', '06!' under 款/项), or glued to the name
 * with the code cells blank ('022事业单位医疗'). Under the row above's 类 or 款, it makes a code
 * of the reference — when glued to the name, one whose reference name that is.
 */
function ownSegment(t: string, header: string, prev: string): { code: string; rest: string } | null {
  // A border before the segment reads as '1' ('105'): taken off first.
  const digits = (d: string) => (/^1\d{2}$/.test(d) ? [d.slice(1), d.slice(0, SEGMENT_DIGITS)] : [d.slice(0, SEGMENT_DIGITS)]).filter((x) => /^\d{2}$/.test(x));
  if (/^(款|项)$/.test(header)) {
    const d = t.replace(CODE_JUNK, '');
    if ((d === t && !/^1\d{2}$/.test(d)) || !/^\d{2,3}$/.test(d)) return null;
    const code = digits(d).map((x) => prev.slice(0, header === '项' ? 5 : 3) + x).find((c) => prev.length >= c.length - 2 && lookupSubject(c));
    return code ? { code, rest: '' } : null;
  }
  const m = /^(\d{2,3})[.:：·,，!！]?(?=\p{Script=Han})/u.exec(t);
  if (!m) return null;
  const rest = t.slice(m[0].length);
  const parents = [prev.slice(0, 5), prev.slice(0, 3)].filter((p, i) => prev.length >= (i ? 3 : 5));
  const code = parents.flatMap((p) => digits(m[1]!).map((x) => p + x)).find((c) => lookupSubject(c) && nameMatchesCode(rest, c));
  return code ? { code, rest } : null;
}

/** What OCR reads around and between the segments of a split code: a cell border, a rule's piece, a speck. */
const CODE_JUNK = /[[\]|()（）:：.,，·!！丨'"`]/g;

/**
 * An OCR'd code cell of a split-code layout read with junk ('[22102', '210]15:05', '1.208 01':
 * borders and rules between the 类/款/项 columns): the digits, when they are a code of the
 * reference — also without a leading or trailing '1' a cell border left. Null for anything else, a clean
 * code included (read as before).
 */
function misreadCodeCell(t: string): string | null {
  if (/^\d{3}(\d{2}){0,2}$/.test(t) || !/^[\d[\]|()（）:：.,，·!！丨'"`]+$/.test(t)) return null;
  const digits = t.replace(CODE_JUNK, '');
  // A border left or right of the code reads as '1' ('12080502', '2080506 1').
  const code = [digits, digits.startsWith('1') ? digits.slice(1) : '', digits.endsWith('1') ? digits.slice(0, -1) : ''].find((c) => /^\d{3}(\d{2}){0,2}$/.test(c) && lookupSubject(c));
  return code ?? null;
}

/**
 * The 款/项 segments OCR glued to the name in the cell after a code ('208 05' | '06机关事业单位…',
 * '210 99' | '99.其他卫生健康支出', '208' | '01:09社会保险经办机构'): taken when the code they make
 * is in the reference.
 */
function gluedSegments(t: string, code: string): { code: string; rest: string } | null {
  const m = /^(\d{2})[.:：·,，]?(?:(\d{2})[.:：·,，]?)?(?=\p{Script=Han})/u.exec(t);
  if (!m || code.length >= 7) return null;
  const joined = code + m[1]! + (m[2] && code.length === 3 ? m[2] : '');
  return lookupSubject(joined) ? { code: joined, rest: t.slice(m[0].length) } : null;
}

/**
 * Total rows under their canonical names, also when OCR garbles one character
 * ('人员经贺合计', '司计' for 合计): the contract keys these rows by name.
 */
export function canonicalTotal(name: string, code: string | null): string {
  if (code || /^(总计|小计|共计|累计|合计)$/.test(name)) return name;
  // '人员经费合' : the last character lost at a cell border.
  if (/^人员.{0,2}合计$|^人员经费/.test(name) && /计$|^人员经费合$/.test(name)) return '人员经费合计';
  if (/^公用.{0,2}合计$|^公用经费/.test(name) && /计$|^公用经费合$/.test(name)) return '公用经费合计';
  if (/^.?计$/.test(name) || /^合.$/.test(name)) return '合计';
  return name;
}

/**
 * OCR misreads a digit of a code as easily as of a value ('2080505' for 2080506 under the name
 * 机关事业单位职业年金缴费支出, '30402' for 30102 under 津贴补贴). When the printed name fits
 * exactly one code that is a sibling (same parent) or one digit away, and not the code read,
 * the row takes that code; the repair is logged.
 */
export function repairOcrCodes(facts: Fact[], ctx: TableContext, table: TemplateTable): QualityFinding[] {
  const findings: QualityFinding[] = [];
  const printed = new Set(facts.map((f) => f.item_code).filter((c): c is string => !!c));
  const done = new Map<string, string | null>();
  for (const f of facts) {
    if (f.method !== 'ocr' || !f.item_code || !f.item_name) continue;
    const key = `${f.page}|${f.item_code}|${f.item_name}`;
    if (!done.has(key)) done.set(key, siblingByName(f.item_code, f.item_name) ?? nearByName(f.item_code, f.item_name, printed) ?? descendantByName(f.item_code, f.item_name, printed));
    const fixed = done.get(key);
    if (!fixed) continue;
    const before = f.item_code;
    f.item_code = fixed;
    if (findings.some((x) => x.item_code === fixed)) continue;
    findings.push(finding(ctx, table, 'ocr.code_repaired', 'warning', `OCR read code ${before} for '${f.item_name}' (page ${f.page}); the name belongs to ${fixed} under the same parent, so the row was filed under ${fixed}`, f.page, { item_code: fixed, name: f.item_name, line_no: null }));
  }
  return findings;
}


/**
 * A row of a coded table whose code OCR lost entirely (a row split, the code read into the row
 * above) is keyed by its name, so it is missing under its code and extra under the name. When
 * the name is exactly the reference name of one code of the table's classification whose
 * parent (for 款/项) is printed in the same table, and no other row holds that code, the row
 * takes it; the repair is logged. Total rows (合计, 人员经费合计) carry no code and are left alone.
 */
export function restoreLostCodes(facts: Fact[], ctx: TableContext, table: TemplateTable, classification: 'function' | 'economic' | undefined): QualityFinding[] {
  if (!classification) return [];
  const printed = new Set(facts.map((f) => f.item_code).filter((c): c is string => !!c));
  const findings: QualityFinding[] = [];
  const done = new Map<string, string | null>();
  // A code too short to be one ('01': 301 lost its 类 digit) is as good as lost.
  const lost = facts.filter((f) => f.method === 'ocr' && (!f.item_code || f.item_code.length < 3) && f.line_no === null && f.item_name);
  const rowsByName = new Map<string, Set<string>>();
  for (const f of lost) rowsByName.set(f.item_name!, (rowsByName.get(f.item_name!) ?? new Set()).add(`${f.page}|${f.y0}`));
  for (const f of lost) {
    // Two rows of one name: which one lost which code is not known.
    const name = f.item_name!;
    if (rowsByName.get(name)!.size > 1) continue;
    const misread = misreadCode(name, classification, printed);
    if (!done.has(name)) done.set(name, misread?.code ?? codeByName(name.replace(LEADING_DIGITS, ''), classification, printed));
    const code = done.get(name);
    if (!code) continue;
    const read = f.item_code ?? misread?.read;
    const rest = misread?.code === code ? misread.rest : name.replace(LEADING_DIGITS, '');
    Object.assign(f, { item_code: code, item_name: rest, item_level: classification === 'function' ? levelOf(code) : null });
    // Rows come in print order: a restored 类 is the parent of the rows below it.
    printed.add(code);
    if (findings.some((x) => x.item_code === code)) continue;
    const message = `OCR ${read ? `read the code '${read}'` : 'lost the code'} of '${f.item_name}' (page ${f.page}); the name is ${code}'s and its parent is printed in this table, so the row was filed under ${code}`;
    findings.push(finding(ctx, table, 'ocr.code_repaired', 'warning', message, f.page, { item_code: code, name: f.item_name, line_no: null }));
  }
  return findings;
}

/**
 * The code repairs of an OCR'd table's rows (restoreLostCodes, repairOcrCodes), with each
 * repaired row's unreadable cells and their findings moved along (followCodeRepairs).
 */
export function repairTableCodes(out: TableFacts, ctx: TableContext, table: TemplateTable, classification: 'function' | 'economic' | undefined): QualityFinding[] {
  const read = new Map(out.facts.map((f) => [f, { item_code: f.item_code, item_name: f.item_name }]));
  const findings = [...restoreLostCodes(out.facts, ctx, table, classification), ...repairOcrCodes(out.facts, ctx, table)];
  followCodeRepairs(out, read);
  return [...findings, ...dropRepeatedCodes(out, ctx, table)];
}

/** The row a fact was read from: its cell id without the column ('p5-t05-r7'). */
function rowOf(f: Fact): string {
  return f.cell_id ? f.cell_id.replace(/-c\d+$/, '') : `${f.page}|${f.y0}`;
}

/**
 * A code OCR read for two or more rows of one table: the later rows lost a segment with their
 * name ('210 11 01 行政单位医疗' read as '210 11' and a blank) and are not that code's row.
 * Filed under it they would put a child's amounts on the parent. The row whose name is the
 * code's keeps it (else the first); the others are not loaded, with a row.unkeyed finding.
 */
function dropRepeatedCodes(out: TableFacts, ctx: TableContext, table: TemplateTable): QualityFinding[] {
  const rows = new Map<string, Map<string, Fact[]>>();
  for (const f of [...out.facts, ...(out.unread ?? [])]) {
    if (f.method !== 'ocr' || !f.item_code) continue;
    const byRow = rows.get(f.item_code) ?? new Map<string, Fact[]>();
    byRow.set(rowOf(f), [...(byRow.get(rowOf(f)) ?? []), f]);
    rows.set(f.item_code, byRow);
  }
  const dropped = new Set<Fact>();
  const findings: QualityFinding[] = [];
  for (const [code, byRow] of rows) {
    if (byRow.size < 2) continue;
    const named = (fs: Fact[]) => fs.some((f) => f.item_name && nameMatchesCode(f.item_name, code));
    const keep = [...byRow.values()].find(named) ?? [...byRow.values()][0]!;
    for (const fs of byRow.values()) {
      if (fs === keep) continue;
      for (const f of fs) dropped.add(f);
      const f = fs[0]!;
      findings.push(finding(ctx, table, 'row.unkeyed', 'warning', `a second row of table ${table.table_code} (page ${f.page}) read the code ${code}${f.item_name ? ` with '${f.item_name}'` : ''}: OCR lost part of its code, so its values (${fs.map((x) => x.value_text).join(', ')}) were not loaded`, f.page));
    }
  }
  if (!dropped.size) return [];
  out.facts = out.facts.filter((f) => !dropped.has(f));
  if (out.unread) out.unread = out.unread.filter((f) => !dropped.has(f));
  return findings;
}

/**
 * A row whose code was repaired (codes.ts) takes its unreadable cells and their findings along:
 * keyed by the code as read, validate could not fill them in from the row's identities
 * ('782,164:00' under 21001, the row filed under 21011).
 */
function followCodeRepairs(out: TableFacts, read: Map<Fact, { item_code: string | null; item_name: string | null }>): void {
  const moved = new Map<string, Pick<Fact, 'item_code' | 'item_name' | 'item_level'>>();
  const at = (page: number | null, code: string | null, name: string | null) => `${page}|${code ?? ''}|${code ? '' : (name ?? '')}`;
  for (const [f, was] of read) {
    if (f.item_code !== was.item_code) moved.set(at(f.page, was.item_code, was.item_name), { item_code: f.item_code, item_name: f.item_name, item_level: f.item_level });
  }
  if (!moved.size) return;
  for (const c of out.unread ?? []) {
    const to = moved.get(at(c.page, c.item_code, c.item_name));
    if (to) Object.assign(c, to);
  }
  for (const g of out.findings) {
    const to = g.check_id === 'value.unreadable' && moved.get(at(g.page, g.item_code, g.item_name));
    // A finding names its row by code, or by name when it has none (fact-row.ts finding).
    if (to) Object.assign(g, { item_code: to.item_code, item_name: to.item_code ? null : to.item_name });
  }
}

/** What OCR reads for the digits of a faint code: a 0 that lost its right side is a C. */
const CODE_LOOKALIKES: Record<string, string> = { C: '0', O: '0', o: '0', D: '0', Q: '0', l: '1', I: '1', '|': '1' };
/** A code glued to the name with digits misread and separators read into it ('2C:10501行政运行'). */
const CODE_LIKE_PREFIX = /^([0-9CODQolI|:.,'·[\]!！丨]{3,12})(?=\p{Script=Han})/u;

/**
 * The code a name-only row printed before its name, digits misread: taken when, read with the
 * lookalikes mapped, it is a code of the table's classification that no other row holds and the
 * rest of the label is that code's reference name.
 */
function misreadCode(name: string, classification: 'function' | 'economic', printed: Set<string>): { code: string; read: string; rest: string } | null {
  const m = CODE_LIKE_PREFIX.exec(name);
  if (!m || !/\d/.test(m[1]!)) return embeddedCode(name, classification, printed);
  const digits = [...m[1]!].map((c) => CODE_LOOKALIKES[c] ?? c).join('').replace(/\D/g, '');
  const rest = name.slice(m[1]!.length);
  const first = classification === 'economic' ? '3' : '2';
  const fits = (code: string) => /^\d{3}(\d{2}){0,2}$/.test(code) && code.startsWith(first) && !printed.has(code) && nameMatchesCode(rest, code);
  // A cell border before the code reads as a leading '1' ('1221住房保障支出').
  const code = [digits, digits.startsWith('1') ? digits.slice(1) : ''].find(fits) ?? nearCodeByName(digits, rest, first, printed);
  return code ? { code, read: m[1]!, rest } : null;
}

/** A whole code between two Han characters of a name: read into a wrapped name's box ('机关事业单位基本养老保险2080505缴费支出'). */
const EMBEDDED_CODE = /(?<=\p{Script=Han})\d{3}(?:\d{2}){0,2}(?=\p{Script=Han})/u;

/**
 * The code OCR read into the middle of a wrapped name (narrow columns: the code's box and the
 * name's two lines read as one): taken when the name without it is the code's reference name,
 * and no other row holds it.
 */
function embeddedCode(name: string, classification: 'function' | 'economic', printed: Set<string>): { code: string; read: string; rest: string } | null {
  const m = EMBEDDED_CODE.exec(name);
  if (!m) return null;
  const code = m[0];
  const rest = name.slice(0, m.index) + name.slice(m.index + code.length);
  const fits = code.startsWith(classification === 'economic' ? '3' : '2') && !printed.has(code) && nameMatchesCode(rest, code);
  return fits ? { code, read: code, rest } : null;
}

/** Digits a code read by OCR may differ by from the printed one: a segment's digit lost or doubled, a border read as '1'. */
const NEAR_CODE_EDITS = 2;

/**
 * The one code whose reference name is the printed name, within NEAR_CODE_EDITS digits of the
 * code OCR read ('200505' for 2080505 under 机关事业单位基本养老保险缴费支出, '20501' for 2080501
 * under 行政单位离退休: split 类/款/项 columns read as one run of digits), not held by another row.
 */
function nearCodeByName(digits: string, name: string, first: string, printed: Set<string>): string | null {
  if (digits.length < 3) return null;
  const named = new Set(allSubjects().filter((s) => s.code.startsWith(first) && !printed.has(s.code) && knownNames(s.code).includes(name)).map((s) => s.code));
  const near = [...named].filter((c) => editDistance(c, digits) <= NEAR_CODE_EDITS);
  return near.length === 1 ? near[0]! : null;
}

/** Digits OCR glued to the name: what is left of a code ('01工资福利支出'). */
const LEADING_DIGITS = /^\d{1,2}(?=\p{Script=Han})/u;

function codeByName(name: string, classification: 'function' | 'economic', printed: Set<string>): string | null {
  const first = classification === 'economic' ? '3' : '2';
  const fits = (code: string) => code.startsWith(first) && !printed.has(code) && (code.length === 3 || printed.has(code.slice(0, -2)));
  const codes = new Set(allSubjects().filter((s) => fits(s.code) && knownNames(s.code).includes(name)).map((s) => s.code));
  return codes.size === 1 ? [...codes][0]! : null;
}

/** A code read whose reference name is not the printed one, near the one code that has it (nearCodeByName). */
function nearByName(code: string, name: string, printed: Set<string>): string | null {
  return nameMatchesCode(name, code) ? null : nearCodeByName(code, name, code[0]!, printed);
}

/** What OCR mixes into a name from the 款/项 code cells beside it ('其他行政事业单位医99疗支出', '055机关…'). */
const SEGMENT_JUNK = /[\d\s.:：·,，!！|[\]]/g;
/** Han characters a name needs before one misread character in it is allowed (NAME_EDITS). */
const FUZZY_NAME_MIN = 6;

/**
 * Split 类/款/项 columns under a harsh scan: the 款 or 项 segment is lost from the code cells or
 * read into the name ('210 11' | '其他行政事业单位医99疗支出', '208' | '055机关事业单位基本养老保险缴费支出'),
 * so the row reads its parent's code. When the name, those digits taken out, is the reference
 * name of exactly one code under the code read (within one character for a name of
 * FUZZY_NAME_MIN or more: '其他医疗保障管理事务文出'), not held by another row, the row takes it.
 */
function descendantByName(code: string, name: string, printed: Set<string>): string | null {
  if (code.length >= 7 || nameMatchesCode(name, code)) return null;
  const bare = name.replace(SEGMENT_JUNK, '');
  if (bare.length < 2) return null;
  const under = allSubjects().filter((s) => s.code.length > code.length && s.code.startsWith(code) && !printed.has(s.code));
  const exact = new Set(under.filter((s) => nameMatchesCode(bare, s.code)).map((s) => s.code));
  if (exact.size) return exact.size === 1 ? [...exact][0]! : null;
  if (bare.length < FUZZY_NAME_MIN) return null;
  const near = new Set(under.filter((s) => knownNames(s.code).some((n) => n.length >= FUZZY_NAME_MIN && editDistance(n, bare) <= 1)).map((s) => s.code));
  return near.size === 1 ? [...near][0]! : null;
}

function siblingByName(code: string, name: string): string | null {
  if (nameMatchesCode(name, code) || code.length < 5) return null;
  const parent = code.slice(0, code.length - 2);
  const near = (c: string) => c.startsWith(parent) || [...c].filter((d, i) => d !== code[i]).length === 1;
  const matches = allSubjects().filter((s) => s.code.length === code.length && s.code !== code && near(s.code) && nameMatchesCode(name, s.code));
  const unique = [...new Set(matches.map((m) => m.code))];
  return unique.length === 1 ? unique[0]! : null;
}


export function codeFindings(facts: Fact[], ctx: TableContext, table: TemplateTable): QualityFinding[] {
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


