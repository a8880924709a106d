/**
 * What parsing lost from an OCR'd table (validate/lost.ts): rows its peers or its own 款/项 name
 * but it lacks, and rows read under a code that cannot be right. Small changes to the truth of
 * public report 000 stand in for an OCR run.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalisedDoc, QualityFinding } from '../../pipeline/types.ts';
import { validate } from '../../pipeline/validate/index.ts';
import { rowKeyOf } from '../../pipeline/validate/context.ts';
import { metaPages, truthDoc } from './truth-doc.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');

function doc(method: 'ocr' | 'text' = 'ocr'): NormalisedDoc {
  const d = truthDoc(join(FIXTURES, '000-v1.truth.csv'), { pages: metaPages(join(FIXTURES, '000-v1.meta.json')), tables_empty: ['07', '08'] });
  for (const f of d.facts) f.method = method;
  return d;
}

const lostFindings = (d: NormalisedDoc) => validate(d).findings.filter((f) => f.check_id.startsWith('ocr.row_'));
/** Whether a warning or error names the row (or, with no row named, the whole table), as score.py matches them. */
const flagged = (fs: QualityFinding[], table: string, key: string) =>
  fs.some((f) => f.severity !== 'info' && f.table_code === table && (rowKeyOf(f) === key || rowKeyOf(f) == null));

describe('lost OCR rows', () => {
  it('says nothing about a table read right, by OCR or from the text layer', () => {
    expect(lostFindings(doc('ocr'))).toEqual([]);
    expect(lostFindings(doc('text'))).toEqual([]);
  });

  it('flags a row read under a wrong code: the code as unplaced, the row its peer prints as lost', () => {
    const d = doc();
    // 2101102 read as 2101188 (no such code): 21011 = Σ 项 still holds, so no identity fails.
    for (const f of d.facts) if (f.table_code === '02' && f.item_code === '2101102') f.item_code = '2101188';
    const fs = lostFindings(d);
    const lost = fs.find((f) => f.check_id === 'ocr.row_lost' && f.item_code === '2101102');
    expect(lost?.table_code).toBe('02');
    expect(lost?.message).toMatch(/table 03 prints it/);
    const unplaced = fs.find((f) => f.check_id === 'ocr.row_unplaced');
    expect([unplaced?.table_code, unplaced?.item_code]).toEqual(['02', null]);
    expect(unplaced?.message).toMatch(/2101188/);
  });

  it('flags a table whose row code OCR could not read at all (a name-only row that is no total)', () => {
    const d = doc();
    for (const f of d.facts) if (f.table_code === '06' && f.item_code === '30101') [f.item_code, f.item_name] = [null, '3O1O1基本工资'];
    const fs = validate(d).findings;
    expect(fs.find((f) => f.check_id === 'ocr.row_unplaced')?.table_code).toBe('06');
    expect(flagged(fs, '06', 'c:30101')).toBe(true);
    // 人员经费合计 / 公用经费合计 are total rows keyed by name: never unplaced.
    expect(fs.filter((f) => f.check_id === 'ocr.row_unplaced')).toHaveLength(1);
  });

  it('flags a table whose rows OCR glued: a label holding a value or a second code (two panels read as one row)', () => {
    const d = doc();
    // 06's two panels glued: 30101's label carries 302's value and code, 302's rows are gone.
    for (const f of d.facts) if (f.table_code === '06' && f.item_code === '30101') f.item_name = '基本工资373.0730201办公费';
    d.facts = d.facts.filter((f) => !(f.table_code === '06' && f.item_code === '30201'));
    const fs = validate(d).findings;
    expect(fs.find((f) => f.check_id === 'ocr.row_unplaced')?.table_code).toBe('06');
    expect(flagged(fs, '06', 'c:30201')).toBe(true);
    // 01 keyed by line: an amount glued into a label flags the table too.
    const e = doc();
    const line = e.facts.find((f) => f.table_code === '01' && f.line_no === 39)!;
    line.item_name = `940.49${line.item_name ?? ''}`;
    e.facts = e.facts.filter((f) => !(f.table_code === '01' && f.line_no === 1));
    expect(flagged(validate(e).findings, '01', 'l:1')).toBe(true);
  });

  it('flags a parent row lost between its 类 and 项 rows', () => {
    const d = doc();
    d.facts = d.facts.filter((f) => !(f.table_code === '02' && f.item_code === '22102'));
    expect(flagged(validate(d).findings, '02', 'c:22102')).toBe(true);
  });

  it('lists many lost rows in one table-level finding', () => {
    const d = doc();
    // 02 keeps only its 合计 and 类 rows: every 款 and 项 that 03 prints is lost.
    d.facts = d.facts.filter((f) => !(f.table_code === '02' && f.item_code && f.item_code.length > 3));
    const fs = lostFindings(d).filter((f) => f.check_id === 'ocr.row_lost' && f.table_code === '02');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.item_code).toBeNull();
    expect(fs[0]!.message).toMatch(/\d+ rows were not read/);
  });

  it('flags the table when a child row was lost entirely: its parent prints more than its read rows add up to', () => {
    const d = doc();
    d.facts = d.facts.filter((f) => !(f.table_code === '06' && f.item_code === '30103'));
    const fs = validate(d).findings;
    const short = fs.find((f) => f.check_id === 'ocr.row_lost' && f.table_code === '06');
    expect(short?.item_code).toBeNull();
    expect(short?.message).toMatch(/301 决算数 by 621400\.00 元/);
    expect(flagged(fs, '06', 'c:30103')).toBe(true);
    // The same loss on a text layer is the report's business: the failed sum says it.
    const text = doc('text');
    text.facts = text.facts.filter((f) => !(f.table_code === '06' && f.item_code === '30103'));
    expect(validate(text).findings.filter((f) => f.check_id === 'ocr.row_lost')).toEqual([]);
  });
});
