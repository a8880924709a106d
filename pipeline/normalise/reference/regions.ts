/**
 * The region reference (provinces, prefecture-level cities, counties/districts) and
 * inference of a report's region from a department name or cover text, e.g.
 * 遂宁市安居区医疗保障局 → 四川省 / 遂宁市 / 安居区. Loaded once from regions.csv.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

export type RegionLevel = 'province' | 'city' | 'county';

export interface RegionRef {
  level: RegionLevel;
  /** Official name: 江西省, 景德镇市, 安居区. */
  name: string;
  /** Common short name (江西, 景德镇, 阿坝州); empty for counties. */
  short_name: string;
  /** Province name for a city, city name for a county; empty for a province. */
  parent: string;
  province: string;
}

export interface InferredRegion {
  province: string | null;
  /** For 北京/天津/上海/重庆 the municipality itself. */
  city: string | null;
  county: string | null;
}

/**
 * County names of two characters (莘县, 东区, 城区) occur inside unrelated words, so they are
 * only recognised right after their own city's name (聊城市莘县).
 */
const SHORT_COUNTY_MAX_CHARS = 2;

/** A short name this short would match too much prose ("兴安" in 兴安岭). */
const MIN_SHORT_NAME_CHARS = 2;

function loadRegions(): RegionRef[] {
  const text = readFileSync(new URL('./regions.csv', import.meta.url), 'utf8');
  const rows: Record<string, string>[] = parse(text, { columns: true, bom: true, skip_empty_lines: true, trim: true });
  return rows.map((r) => ({
    level: r.level as RegionLevel,
    name: r.name!,
    short_name: r.short_name ?? '',
    parent: r.parent ?? '',
    province: r.province!,
  }));
}

const REGIONS = loadRegions();

/** Every region row, e.g. for a `regions` table. */
export function allRegions(): RegionRef[] {
  return REGIONS.map((r) => ({ ...r }));
}

/** One occurrence of a region's name (or short name) in the text. */
interface Match {
  ref: RegionRef;
  start: number;
  end: number;
  /** Matched by the official name rather than a short name. */
  full: boolean;
}

function occurrences(text: string, needle: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) at.push(i);
  return at;
}

/**
 * Short names shared by two places (吉林 = 吉林省 and 吉林市) identify neither. A
 * municipality's province and city rows are one place (北京市), so they count once.
 */
const SHORT_NAME_OWNERS = new Map<string, Set<string>>();
for (const r of REGIONS) {
  if (r.short_name) SHORT_NAME_OWNERS.set(r.short_name, (SHORT_NAME_OWNERS.get(r.short_name) ?? new Set()).add(r.name));
}

function usableShortName(r: RegionRef): string | null {
  const s = r.short_name;
  if (!s || s === r.name || s.length < MIN_SHORT_NAME_CHARS) return null;
  return SHORT_NAME_OWNERS.get(s)?.size === 1 ? s : null;
}

function cityOf(county: RegionRef): RegionRef | undefined {
  return REGIONS.find((r) => r.level === 'city' && r.name === county.parent && r.province === county.province);
}

function countyMatches(text: string, r: RegionRef): Match[] {
  if (r.name.length > SHORT_COUNTY_MAX_CHARS) {
    return occurrences(text, r.name).map((start) => ({ ref: r, start, end: start + r.name.length, full: true }));
  }
  const city = cityOf(r);
  const prefixes = [city?.name, city && usableShortName(city)].filter((p): p is string => !!p);
  return prefixes.flatMap((p) =>
    occurrences(text, p + r.name).map((s) => ({ ref: r, start: s + p.length, end: s + p.length + r.name.length, full: true })),
  );
}

function allMatches(text: string): Match[] {
  const found: Match[] = [];
  for (const r of REGIONS) {
    if (r.level === 'county') {
      found.push(...countyMatches(text, r));
      continue;
    }
    for (const start of occurrences(text, r.name)) found.push({ ref: r, start, end: start + r.name.length, full: true });
    const short = usableShortName(r);
    if (short) for (const start of occurrences(text, short)) found.push({ ref: r, start, end: start + short.length, full: false });
  }
  return found;
}

/** Drop matches lying inside a longer one: 眉山市 inside 峨眉山市, 朝阳 inside 朝阳区. */
function dropCovered(ms: Match[]): Match[] {
  return ms.filter(
    (m) => !ms.some((o) => o !== m && o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start),
  );
}

const byPosition = (a: Match, b: Match) => a.start - b.start || Number(b.full) - Number(a.full);

function pickCity(cities: Match[], provinces: Set<string>): RegionRef | null {
  const consistent = provinces.size > 0 ? cities.filter((m) => provinces.has(m.ref.province)) : cities;
  const pool = (consistent.length > 0 ? consistent : cities).sort(byPosition);
  const full = pool.filter((m) => m.full);
  return (full[0] ?? pool[0])?.ref ?? null;
}

/** A county whose parent agrees with what is known; null when none or several fit. */
function pickCounty(counties: Match[], city: RegionRef | null, provinces: Set<string>): RegionRef | null {
  let fits = counties;
  if (city) fits = fits.filter((m) => m.ref.parent === city.name && m.ref.province === city.province);
  else if (provinces.size > 0) fits = fits.filter((m) => provinces.has(m.ref.province));
  const distinct = new Map(fits.sort(byPosition).map((m) => [`${m.ref.province}/${m.ref.parent}/${m.ref.name}`, m.ref]));
  if (distinct.size === 0) return null;
  if (city) return fits[0]!.ref; // within one city names are unique: take the first mentioned
  return distinct.size === 1 ? [...distinct.values()][0]! : null;
}

function municipality(province: string | null): string | null {
  return province && REGIONS.some((r) => r.level === 'city' && r.name === province) ? province : null;
}

/**
 * The administrative region a department name or cover text points to. Cities are taken
 * from the first city named (preferring ones inside a named province); a county only when
 * it fits that city, or — with no city named — when its name is unambiguous. Ambiguous
 * names (朝阳区 in 北京 and 长春) without a parent leave everything below the known level null.
 */
export function inferRegion(text: string): InferredRegion {
  const t = text.normalize('NFKC').replace(/\s+/g, '');
  const ms = dropCovered(allMatches(t));
  const provinces = new Set(ms.filter((m) => m.ref.level === 'province').map((m) => m.ref.name));
  let city = pickCity(ms.filter((m) => m.ref.level === 'city'), provinces);
  const county = pickCounty(ms.filter((m) => m.ref.level === 'county'), city, provinces);
  if (!city && county) city = cityOf(county) ?? null;
  const province = city?.province ?? (provinces.size === 1 ? [...provinces][0]! : null);
  return { province, city: city?.name ?? municipality(province), county: county?.name ?? null };
}
