/**
 * Golden files for the parse stage: for each fixture (one or two pages of a sample report),
 * extract the pages with the pipeline's text-layer functions, parse them, and compare the
 * tables (code, title, pages, unit, columns, panels, notes, rows' cells) with the reviewed
 * JSON in test/fixtures/spine/golden/. `UPDATE_GOLDEN=1 npx vitest run test/spine` rewrites
 * them; review the diff.
 *
 * The goldens were reviewed against the hand-checked truth CSVs: each fixture's facts (after
 * normalise) are also compared with test/fixtures/spine/truth/, values and item names, so a
 * golden cannot silently encode a wrong reading.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { normalise } from '../../pipeline/normalise/index.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedDoc, ParsedDoc } from '../../pipeline/types.ts';
import { readGolden, UPDATE_GOLDEN, writeGolden } from '../helpers/golden.ts';
import { closeSamples, extractPages, type SampleName } from '../helpers/pages.ts';
import { norm, readCsv, score } from '../helpers/score.ts';
import { sourceRecord } from '../helpers/tables.ts';

const FIXTURES_DIR = fileURLToPath(new URL('../fixtures/spine/', import.meta.url));
const GOLDEN_DIR = join(FIXTURES_DIR, 'golden');

const SAMPLE_FILE: Record<SampleName, string> = { jdz: 'jingdezhen-ybj-2024', lc: 'liaocheng-ybj-2024' };

interface Fixture {
  name: string;
  sample: SampleName;
  pages: number[];
  /** Tables the pages hold completely: their facts must equal the truth's, cell for cell. */
  complete: string[];
  /** Tables the pages hold in part: every fact read must be in the truth with its value. */
  partial?: string[];
}

// 聊城 page 10 (table 06) once lost value-less 人员经费 rows to the 公用经费 panel
// (grid.ts assignPanels); its golden pins the correct rows (30114 医疗费, 30213 维修(护)费 …).

const FIXTURES: Fixture[] = [
  { name: 'jdz-p04', sample: 'jdz', pages: [4], complete: ['01'] },
  { name: 'jdz-p05', sample: 'jdz', pages: [5], complete: ['02'] },
  // 04's note runs onto page 8; the table's cells are all on page 7.
  { name: 'jdz-p07', sample: 'jdz', pages: [7], complete: ['04'] },
  { name: 'jdz-p09', sample: 'jdz', pages: [9], complete: ['05'] },
  { name: 'jdz-p10', sample: 'jdz', pages: [10], complete: ['06'] },
  { name: 'jdz-p13', sample: 'jdz', pages: [13], complete: ['09'] },
  { name: 'lc-p07', sample: 'lc', pages: [7], complete: [], partial: ['04'] },
  // A continuation page on its own has no title: it is no table by itself.
  { name: 'lc-p08', sample: 'lc', pages: [8], complete: [] },
  { name: 'lc-p10', sample: 'lc', pages: [10], complete: [], partial: ['06'] },
  { name: 'lc-p11', sample: 'lc', pages: [11], complete: [] },
  { name: 'lc-p14', sample: 'lc', pages: [14], complete: ['09'] },
  // Cross-page stitching: 04 continues on page 8 under a repeated header; 06 on page 11.
  { name: 'lc-p07-08', sample: 'lc', pages: [7, 8], complete: ['04'] },
  { name: 'lc-p10-11', sample: 'lc', pages: [10, 11], complete: ['06'] },
];

/** What a golden file holds. */
interface Golden {
  source: string;
  pages: number[];
  tables: {
    table_code: string | null;
    title: string;
    pages: number[];
    unit_as_printed: string | null;
    empty: boolean;
    columns: string[];
    panels: number[][];
    notes: string[];
    /** [page, ...cells] */
    rows: (number | string)[][];
  }[];
  warnings: string[];
}

function toGolden(fx: Fixture, parsed: ParsedDoc): Golden {
  return {
    source: `samples/${SAMPLE_FILE[fx.sample]}.pdf`,
    pages: fx.pages,
    tables: parsed.tables.map((t) => ({
      table_code: t.table_code,
      title: t.title,
      pages: t.pages,
      unit_as_printed: t.unit_as_printed,
      empty: t.empty,
      columns: t.columns,
      panels: t.panels,
      notes: t.notes,
      rows: t.rows.map((r) => [r.page, ...r.cells]),
    })),
    warnings: parsed.warnings,
  };
}

const extracted = new Map<string, Promise<ExtractedDoc>>();
function pagesOf(fx: Fixture): Promise<ExtractedDoc> {
  let p = extracted.get(fx.name);
  if (!p) {
    p = extractPages(fx.sample, fx.pages);
    extracted.set(fx.name, p);
  }
  return p;
}

async function parsedOf(fx: Fixture): Promise<ParsedDoc> {
  return parse(await pagesOf(fx));
}

const truthRows = (fx: Fixture) => readCsv(join(FIXTURES_DIR, 'truth', `${SAMPLE_FILE[fx.sample]}.truth.csv`));

afterAll(closeSamples);

describe.each(FIXTURES)('$name (pages $pages)', (fx) => {
  const file = join(GOLDEN_DIR, `${fx.name}.json`);

  it('parses to the golden', async () => {
    const actual = toGolden(fx, await parsedOf(fx));
    if (UPDATE_GOLDEN) writeGolden(file, actual);
    const golden = readGolden<Golden>(file);
    expect(golden, `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).not.toBeNull();
    expect(actual).toEqual(golden);
  });

  it('reads every row from the text layer', async () => {
    const parsed = await parsedOf(fx);
    for (const t of parsed.tables) {
      for (const r of t.rows) {
        expect(r.method).toBe('text');
        expect(r.confidence).toBe(1);
        expect(r.cells).toHaveLength(t.columns.length);
        expect(fx.pages).toContain(r.page);
      }
    }
  });

  const hasTruth = fx.complete.length + (fx.partial?.length ?? 0) > 0;

  it.runIf(hasTruth)('gives the values of the truth', async () => {
    const doc = normalise(await parsedOf(fx), sourceRecord(), { pages: fx.pages.length, ocr_pages: 0 });
    const truth = truthRows(fx);
    for (const code of fx.complete) {
      const s = score(doc.facts.filter((f) => f.table_code === code), truth.filter((r) => r.table_code === code));
      expect({ table: code, wrong: s.wrong, missing: s.missing, extra: s.extra }).toEqual({ table: code, wrong: [], missing: [], extra: [] });
      expect(s.truth).toBeGreaterThan(0);
      expect(s.f1).toBe(1);
    }
    for (const code of fx.partial ?? []) {
      const s = score(doc.facts.filter((f) => f.table_code === code), truth.filter((r) => r.table_code === code));
      expect({ table: code, wrong: s.wrong, extra: s.extra }).toEqual({ table: code, wrong: [], extra: [] });
      expect(s.ok).toBeGreaterThan(0);
    }
  });

  it.runIf(hasTruth)('gives the item names of the truth for coded rows', async () => {
    const doc = normalise(await parsedOf(fx), sourceRecord(), { pages: fx.pages.length, ocr_pages: 0 });
    const names = new Map(truthRows(fx).filter((r) => r.item_code).map((r) => [`${r.table_code}/${r.item_code}`, norm(r.item_name)]));
    const wrong = doc.facts
      .filter((f) => f.item_code && names.has(`${f.table_code}/${f.item_code}`))
      .filter((f) => norm(f.item_name) !== names.get(`${f.table_code}/${f.item_code}`))
      .map((f) => `${f.table_code}/${f.item_code}: '${f.item_name}' (truth '${names.get(`${f.table_code}/${f.item_code}`)}')`);
    expect([...new Set(wrong)]).toEqual([]);
  });
});

describe('cross-page stitching', () => {
  const byName = (n: string) => FIXTURES.find((f) => f.name === n)!;

  it('04 of 聊城 (pages 7–8, header repeated on page 8) is ONE table with the rows of both pages', async () => {
    const parsed = await parsedOf(byName('lc-p07-08'));
    expect(parsed.tables.map((t) => [t.table_code, t.pages])).toEqual([['04', [7, 8]]]);
    const [t] = parsed.tables;
    const onPage = (p: number) => t!.rows.filter((r) => r.page === p).length;
    expect(onPage(7)).toBeGreaterThan(50);
    expect(onPage(8)).toBeGreaterThan(0);
    // The repeated header is not read as rows: no header words among the cells.
    expect(t!.rows.flatMap((r) => r.cells).filter((c) => /^(项目|行次|金额|合计|收入|支出|项目\(按功能分类\))$/.test(c))).toEqual([]);
    // Every printed 行次 appears once: income 1–32, expenditure 33–64, across the page break.
    const lines = (col: number) => t!.rows.map((r) => r.cells[col]).filter((c): c is string => !!c).map(Number);
    expect(lines(1)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
    expect(lines(4)).toEqual(Array.from({ length: 32 }, (_, i) => i + 33));
    // The totals printed on page 8 are there.
    expect(t!.rows.filter((r) => r.page === 8 && r.cells.includes('总计')).map((r) => r.cells.filter(Boolean))).toEqual([
      ['总计', '32', '2,984.80'],
      ['总计', '64', '2,984.80', '2,984.80'],
    ]);
  });

  it('06 of 聊城 (pages 10–11) is ONE table with the rows of both pages', async () => {
    const parsed = await parsedOf(byName('lc-p10-11'));
    expect(parsed.tables.map((t) => [t.table_code, t.pages])).toEqual([['06', [10, 11]]]);
    const [t] = parsed.tables;
    expect(t!.panels).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    const rowsOn = (p: number) => t!.rows.filter((r) => r.page === p).map((r) => r.cells.filter(Boolean).join(' '));
    expect(rowsOn(10).length).toBeGreaterThan(80);
    expect(rowsOn(11)).toEqual(['人员经费合计 1,436.26', '39910 资本性赠与', '39999 其他支出', '公用经费合计 140.04']);
    // Page 11's header is not read as rows.
    expect(t!.rows.some((r) => r.cells.some((c) => /^(科目编码|科目名称|决算数|人员经费|公用经费)$/.test(c)))).toBe(false);
  });

  it('a continuation page parsed alone gives no table, and its pair gives exactly one', async () => {
    expect((await parsedOf(byName('lc-p08'))).tables).toEqual([]);
    expect((await parsedOf(byName('lc-p11'))).tables).toEqual([]);
    expect((await parsedOf(byName('lc-p07'))).tables.map((t) => t.pages)).toEqual([[7]]);
  });
});
