/**
 * Table cells the prose states again (validate/prose.ts): an OCR'd cell one structural slip from
 * the prose figure takes it, as an ocr.repaired warning; a changed digit or a confirmed cell does not.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fact, NormalisedDoc } from '../../pipeline/types.ts';
import { validate } from '../../pipeline/validate/index.ts';
import { metaPages, truthDoc } from './truth-doc.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures/validate');

/** The fixture report read by OCR, its 公用经费合计 row lost and 人员经费合计 read as `text`; the prose says `said` (万元). */
function doc(text: string, said: string, keepOther = false): { d: NormalisedDoc; cell: Fact } {
  const d = truthDoc(join(FIXTURES, '000-v1.truth.csv'), { pages: metaPages(join(FIXTURES, '000-v1.meta.json')), tables_empty: ['07', '08'] });
  for (const f of d.facts) f.method = 'ocr';
  if (!keepOther) d.facts = d.facts.filter((f) => f.item_name !== '公用经费合计');
  const cell = d.facts.find((f) => f.item_name === '人员经费合计')!;
  cell.value_text = text;
  cell.value_yuan = (Number(text.replace(/,/g, '')) * 10000).toFixed(2);
  d.narrative.push({ ...cell, method: 'narrative', value_text: said, value_yuan: (Number(said) * 10000).toFixed(2), page: 15, confidence: 0.9 });
  return { d, cell };
}

describe('repairFromProse', () => {
  it('restores a lost point from the figure the prose states', () => {
    const { d, cell } = doc('62818', '628.18'); // printed 628.18
    const q = validate(d);
    expect(cell.value_yuan).toBe('6281800.00');
    const [r] = q.findings.filter((f) => f.check_id === 'ocr.repaired');
    expect(r).toMatchObject({ severity: 'warning', table_code: '06', item_name: '人员经费合计', expected: '6281800.00', actual: '628180000.00' });
    expect(q.findings.filter((f) => f.check_id === 'narrative.mismatch' && f.severity === 'error')).toEqual([]);
  });

  it('leaves a changed digit alone: the prose may be the misread one', () => {
    const { d, cell } = doc('628.13', '628.18');
    const q = validate(d);
    expect(cell.value_yuan).toBe('6281300.00');
    expect(q.findings.filter((f) => f.check_id === 'ocr.repaired')).toEqual([]);
    expect(q.findings.some((f) => f.check_id === 'narrative.mismatch' && f.severity === 'error')).toBe(true);
  });

  it('never changes a cell an exact identity confirms as read', () => {
    // 05 合计 基本支出 = 人员经费合计 + 公用经费合计 holds with the reading; the prose (a 1 too many) is the odd one out.
    const { d, cell } = doc('628.18', '1628.18', true);
    validate(d);
    expect(cell.value_yuan).toBe('6281800.00');
  });
});
