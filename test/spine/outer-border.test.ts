/**
 * A scan can lose a table's outer border (faint at the page edge, cut off) while the inner
 * rules are found. The amounts beyond the last rule are still a column: drop the right-hand
 * frame line from a bundled sample's ruled tables and the parse must not change.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from '../../pipeline/parse/index.ts';
import type { ExtractedDoc } from '../../pipeline/types.ts';
import { closeSamples, extractPages } from '../helpers/pages.ts';

afterAll(closeSamples);

function withoutFrameSides(doc: ExtractedDoc): ExtractedDoc {
  return {
    ...doc,
    pages: doc.pages.map((p) => {
      const xs = p.rules.filter((r) => r.x0 === r.x1).map((r) => r.x0);
      if (xs.length < 4) return p;
      const right = Math.max(...xs);
      const left = Math.min(...xs);
      return { ...p, rules: p.rules.filter((r) => !(r.x0 === r.x1 && (Math.abs(r.x0 - right) < 1 || Math.abs(r.x0 - left) < 1))) };
    }),
  };
}

describe('a ruled table without its left and right frame lines', () => {
  it('parses to the same rows and columns as with them', async () => {
    const doc = await extractPages('jdz', [4, 5, 6, 9]);
    const cut = withoutFrameSides(doc);
    expect(cut.pages.map((p) => p.rules.length)).not.toEqual(doc.pages.map((p) => p.rules.length));
    const cells = (d: ExtractedDoc) => parse(d).tables.map((t) => ({ code: t.table_code, rows: t.rows.map((r) => r.cells) }));
    expect(cells(cut)).toEqual(cells(doc));
  });
});
