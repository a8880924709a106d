/**
 * A text export made from a scan carries OCR debris between a table's header and its body
 * ('次日 1111 立 钡 …', here also in place of the 栏次 line). A header line that is noise must
 * not label or move a column: table 04 of the fixture reads exactly as its PDF (the truth),
 * with the same header paths as the clean export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractTextInput } from '../../pipeline/extract/textinput.ts';
import { normalise, reportCells } from '../../pipeline/normalise/index.ts';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedDoc } from '../../pipeline/types.ts';
import { readCsv, score } from '../helpers/score.ts';
import { sourceRecord } from '../helpers/tables.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const NOISY = readFileSync(join(FIXTURES, 'textinput', 'noise-header-04.txt'));

function doc(bytes: Uint8Array): ExtractedDoc {
  return { report_id: 'noise', kind: 'text', pages: extractTextInput(bytes, 'text'), ocr_pages: [], warnings: [] };
}

describe('noise rows in a text export header', () => {
  it('do not label or move a column of table 04', () => {
    const t04 = parse(doc(NOISY)).tables.find((t) => t.table_code === '04')!;
    expect(t04.columns).toEqual([
      '收入/项目', '收入/行次', '收入/金额', '支出/项目(按功能分类)', '支出/行次', '支出/合计',
      '支出/一般公共预算财政拨款', '支出/政府性基金预算财政拨款', '支出/国有资本经营预算财政拨款',
    ]);
  });

  it('leave the facts and cells exactly as the PDF prints them', () => {
    const parsed = parse(doc(NOISY));
    const normalised = normalise(parsed, sourceRecord({ kind: 'text' }), { pages: 1, ocr_pages: 0 });
    const truth = readCsv(join(FIXTURES, 'spine', 'truth', 'jingdezhen-ybj-2024.truth.csv')).filter((r) => r.table_code === '04');
    const s = score(normalised.facts.filter((f) => f.table_code === '04') as never, truth as never);
    expect([s.missing, s.wrong, s.extra]).toEqual([[], [], []]);
    expect(normalised.findings.filter((f) => f.check_id === 'measure.by_position' || f.check_id === 'measure.unknown')).toEqual([]);
    const cells = reportCells(parsed, normalised).cells;
    expect(cells.some((c) => /次日|1111|钡/.test(c.column_label))).toBe(false);
  });
});
