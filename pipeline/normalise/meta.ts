/**
 * Report metadata from the report itself: department, fiscal year, kind (决算/预算), scope
 * (汇总/本级), level (部门/单位, in the templates' `level_words`) and region. Several places state the department (cover, 部门： lines above each
 * table, the 概况 heading, prose); the reading most of them agree on wins, so one line garbled
 * by conversion does not decide.
 */
import type { ParsedDoc, ReportLevel, ReportMeta, SourceRecord } from '../types.ts';
import { TEMPLATES } from '../templates/index.ts';
import { inferRegion } from './reference/regions.ts';

/** Endings of an organisation's name (局, 委员会, 中心…), optionally followed by （汇总）/（本级）. */
const ORG_END = '(?:局|委员会|委|院|办公室|办|中心|厅|部|所|馆|站|队|学校|政府|联合会|协会|会|处|社|团|室|署|台|园|庭|检察院|法院)(?:[（(](?:汇总|本级)[)）])?';
/** Characters a department name is made of: no punctuation, no digits, no spaces. */
const NAME_CHARS = '[^\\s\\d，。；、：:,;！？!?“”"（）()《》]';
const ORG = new RegExp(`^(${NAME_CHARS}{2,36}?${ORG_END})$`);
/** Cover pages state '2024年度 X 部门决算' or 'X 2024年度部门决算', often over two lines. */
const COVER_YEAR_FIRST = new RegExp(`(20\\d{2})年度?(${NAME_CHARS}{2,40}?${ORG_END})(?:部门|单位)?(决算|预算)`);
const COVER_NAME_FIRST = new RegExp(`(${NAME_CHARS}{2,40}?${ORG_END})(20\\d{2})年度?(?:部门|单位)?(?:综合)?(决算|预算)`);
const DEPT_LINE = /(?:部门|单位|编制单位|填报单位)(?:名称)?[:：](.{2,40}?)(?=\d{4}年|金额单位|单位[:：]|$)/;
const OVERVIEW = new RegExp(`第一部分(${NAME_CHARS}{2,40}?${ORG_END})(?:部门)?概况`);
const PROSE_ORG = new RegExp(`^(${NAME_CHARS}{4,30}?${ORG_END})(?:下属|是|为|共|纳入|主要|内设|设)`);

/** Weight added to a department reading that names its region. */
const REGION_PREFIX_BONUS = 3;

interface Candidate {
  department: string;
  weight: number;
}

export function reportMeta(parsed: ParsedDoc, source: SourceRecord, extract: { pages: number; ocr_pages: number }, units: (string | null)[]): ReportMeta {
  const candidates: Candidate[] = [];
  const years: number[] = [];
  let kind: '决算' | '预算' | null = null;
  const cover = parsed.text.slice(0, 3).map((p) => p.lines.join('')).join('').replace(/\s/g, '');
  for (const re of [COVER_YEAR_FIRST, COVER_NAME_FIRST]) {
    const m = re.exec(cover);
    if (!m) continue;
    const [dept, year] = re === COVER_YEAR_FIRST ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
    candidates.push({ department: cleanDept(dept), weight: 3 });
    years.push(Number(year), Number(year));
    kind ??= m[3] as '决算' | '预算';
  }
  for (const t of parsed.tables) {
    for (const note of t.notes) {
      const m = DEPT_LINE.exec(note.replace(/\s/g, ''));
      if (m && ORG.test(cleanDept(m[1]!))) candidates.push({ department: cleanDept(m[1]!), weight: 1 });
      const y = /(20\d{2})年度?/.exec(note.replace(/\s/g, ''));
      if (y) years.push(Number(y[1]));
    }
  }
  const ov = OVERVIEW.exec(cover);
  if (ov) candidates.push({ department: cleanDept(ov[1]!), weight: 2 });
  for (const line of parsed.text.flatMap((p) => p.lines).slice(0, 200)) {
    const m = PROSE_ORG.exec(line.replace(/\s/g, ''));
    if (m) {
      candidates.push({ department: cleanDept(m[1]!), weight: 1 });
      break;
    }
  }
  // A full department name starts with its region (遂宁市安居区医疗保障局); a short form
  // (区医保局) or a phrase caught by the pattern does not.
  for (const c of candidates) {
    const r = inferRegion(c.department);
    if (r.province || r.city) c.weight += REGION_PREFIX_BONUS;
  }
  if (!years.length) {
    const y = /(20\d{2})年度(?:部门)?(?:决算|预算)/.exec(parsed.text.flatMap((p) => p.lines).join('').replace(/\s/g, ''));
    if (y) years.push(Number(y[1]));
  }
  kind ??= /决算/.test(cover) || parsed.tables.some((t) => /决算/.test(t.title)) ? '决算' : /预算/.test(cover) ? '预算' : null;
  const named = best(candidates) ?? source.hints?.department ?? null;
  const region = inferRegion(named ?? cover.slice(0, 200));
  const scope = /[（(]汇总[)）]|汇总/.test(named ?? '') || /部门汇总|汇总决算/.test(cover) ? '汇总' : /本级/.test(named ?? cover.slice(0, 100)) ? '本级' : null;
  // The suffix is the scope's, not the name's: WHERE department = '聊城市医疗保障局' must find the 汇总 report.
  const department = named === null ? null : named.replace(SCOPE_SUFFIX, '') || named;
  return {
    report_id: source.report_id,
    source_url: source.source_url,
    source_sha256: source.source_sha256,
    file_name: source.file_name,
    department,
    fiscal_year: mode(years) ?? (source.hints?.fiscal_year ? Number(source.hints.fiscal_year) : null),
    report_kind: kind ?? (source.hints?.report_kind as '决算' | '预算' | undefined) ?? null,
    scope,
    level: reportLevel(cover, parsed.tables.map((t) => t.title)),
    province: region.province,
    city: region.city,
    county: region.county,
    unit_as_printed: modeStr(units.filter((u): u is string => !!u)),
    pages: extract.pages,
    ocr_pages: extract.ocr_pages,
  };
}

/**
 * 部门 or 单位: the level wording (部门决算, 单位预算…) the cover, 目录 and table titles use most;
 * on a tie the one the cover names first; null when none is printed.
 */
export function reportLevel(cover: string, titles: string[]): ReportLevel | null {
  const squeezed = titles.map((t) => t.replace(/\s/g, ''));
  const votes: { level: ReportLevel; n: number; first: number }[] = [];
  for (const level of ['部门', '单位'] as const) {
    let n = 0;
    let first = Infinity;
    for (const t of TEMPLATES) {
      const re = t.level_words[level];
      for (const m of cover.matchAll(new RegExp(re.source, 'g'))) {
        n++;
        first = Math.min(first, m.index);
      }
      n += squeezed.filter((x) => re.test(x)).length;
    }
    if (n) votes.push({ level, n, first });
  }
  votes.sort((a, b) => b.n - a.n || a.first - b.first);
  return votes[0]?.level ?? null;
}

/** （汇总）/（本级） at the end of a department name, held in `scope` instead. */
const SCOPE_SUFFIX = /[（(](?:汇总|本级)[)）]$/;

function cleanDept(s: string): string {
  return s.replace(/\s/g, '').replace(/^(部门|单位)[:：]/, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

function best(cands: Candidate[]): string | null {
  const score = new Map<string, number>();
  for (const c of cands) score.set(c.department, (score.get(c.department) ?? 0) + c.weight);
  return [...score.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

function mode(xs: number[]): number | null {
  const m = modeStr(xs.map(String));
  return m === null ? null : Number(m);
}

function modeStr(xs: string[]): string | null {
  const n = new Map<string, number>();
  for (const x of xs) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}
