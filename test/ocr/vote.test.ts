import { describe, expect, it } from 'vitest';
import { candidates, majority, stretchX, STRETCH_SECOND, STRETCH_THIRD, voteAmounts } from '../../pipeline/extract/ocr/paddle/vote.ts';
import { OFF_FORMAT_CONF } from '../../pipeline/extract/ocr/repair.ts';
import type { GrayImage } from '../../pipeline/extract/ocr/render.ts';
import type { TextItem } from '../../pipeline/types.ts';

const item = (str: string, x = 300, conf = 0.9): TextItem => ({ str, x, y: 20, w: 40, h: 8, conf });
const page = (): { gray: GrayImage; bin: { width: number; height: number; data: Uint8Array }; threshold: number } => ({
  gray: { width: 600, height: 60, data: new Uint8Array(600 * 60).fill(255) },
  bin: { width: 600, height: 60, data: new Uint8Array(600 * 60) },
  threshold: 128,
});

/** A recogniser that answers by the stretch of the crop it is given (its width against the first crop's). */
function fake(byStretch: Record<number, string>, base: number) {
  const seen: number[] = [];
  return {
    seen,
    async recognise(crops: GrayImage[]) {
      return crops.map((c) => {
        const f = Math.round((c.width / base) * 10) / 10;
        seen.push(f);
        return { text: byStretch[f] ?? '', chars: [{ p: 0.8 }] };
      });
    },
  };
}

describe('stretchX', () => {
  it('widens the crop and keeps the ink where it was, proportionally', () => {
    const c: GrayImage = { width: 4, height: 1, data: new Uint8Array([255, 0, 0, 255]) };
    const s = stretchX(c, 2);
    expect(s.width).toBe(8);
    expect([...s.data].map((v) => (v < 128 ? 1 : 0))).toEqual([0, 0, 1, 1, 1, 1, 0, 0]);
  });
});

describe('majority', () => {
  it('takes what two of three readings agree on', () => {
    expect(majority('1,609,332,0', '1,609,332,600', '1,609,332,600')).toBe('1,609,332,600');
    expect(majority('268,776', '268,776', '268,776,000')).toBe('268,776');
    expect(majority('1', '2', '3')).toBeNull();
  });
});

describe('voteAmounts', () => {
  it('replaces an amount that lost digits when the stretched readings agree (whole-元 page)', async () => {
    const it0 = item('1,609,332,0');
    const src = page();
    // First crop: box 40 pt + 2 × 0.25 × 8 pt margins = 44 px at 1 px/pt.
    const rec = fake({ [STRETCH_SECOND]: '1,609.332,600', [STRETCH_THIRD]: '1,609,332,600' }, 44);
    const res = await voteAmounts(rec, [it0, item('2010601', 40)], src, 1, 600, 'integers');
    expect(res).toEqual({ read: 1, changed: 1 });
    expect(it0.str).toBe('1,609,332,600');
    expect(it0.conf).toBe(0.8);
    expect(rec.seen).toEqual([STRETCH_SECOND, STRETCH_THIRD]);
  });
  it('gives a stretched reading that is no number no vote', async () => {
    const it0 = item('13800', 300, 0.6);
    await voteAmounts(fake({ [STRETCH_SECOND]: '13/B00', [STRETCH_THIRD]: '13/B00' }, 44), [it0], page(), 1, 600, 'integers');
    expect([it0.str, it0.conf]).toEqual(['13800', OFF_FORMAT_CONF]);
  });
  it('keeps the first separators when the readings differ in nothing else', async () => {
    const it0 = item('1,433.90');
    await voteAmounts(fake({ [STRETCH_SECOND]: '1433.90', [STRETCH_THIRD]: '1433.90' }, 44), [it0], page(), 1, 600, 'decimals');
    expect([it0.str, it0.conf]).toEqual(['1,433.90', 0.9]);
  });
  it('keeps a reading the second agrees with, and marks one without a majority doubtful', async () => {
    const same = item('4,212,300');
    const r1 = fake({ [STRETCH_SECOND]: '4,212,300' }, 44);
    expect(await voteAmounts(r1, [same], page(), 1, 600, 'integers')).toEqual({ read: 1, changed: 0 });
    expect([same.str, same.conf, r1.seen.length]).toEqual(['4,212,300', 0.9, 1]);
    const torn = item('8,882');
    await voteAmounts(fake({ [STRETCH_SECOND]: '8,882,399', [STRETCH_THIRD]: '8,882,39' }, 44), [torn], page(), 1, 600, 'integers');
    expect([torn.str, torn.conf]).toEqual(['8,882', OFF_FORMAT_CONF]);
  });
});

describe('candidates', () => {
  const at = (str: string, w: number, x = 300, conf = 0.9): TextItem => ({ str, x, y: 20, w, h: 8, conf });
  it('picks amounts wider or narrower than their reading explains, and those off the format', () => {
    // 5.6 pt a character (0.7 h): '1,609,332,600' is 11.5 characters wide.
    const fine = ['4,212,300', '1,633,000', '9,500', '100,000', '25,121,091', '877,080', '3,503,499', '8,882,399'].map((s) => {
      const d = s.replace(/\D/g, '').length;
      return at(s, 5.6 * (d + 0.5 * (s.length - d)));
    });
    const lost = at('1,609,332', 5.6 * 11.5);
    const gained = at('35,088,644', 5.6 * 7.5);
    const off = at('4,212,00', 5.6 * 7, 300, OFF_FORMAT_CONF);
    const code = at('2010601', 60, 40);
    expect(candidates([...fine, lost, gained, off, code], 600)).toEqual([lost, gained, off]);
    // Too few amounts for a median: each is read again.
    expect(candidates(fine.slice(0, 3), 600)).toEqual(fine.slice(0, 3));
  });
});
