import { describe, expect, it } from 'vitest';
import { stepFromText, stepYuan, yuan } from '../../pipeline/validate/tolerance.ts';

describe('rounding steps', () => {
  it.each([
    ['万元', '100'],
    ['元', '0.01'],
    ['千元', '10'],
    ['亿元', '1000000'],
    [null, '0.01'], // unknown unit: strictest reading
    ['英镑', '0.01'],
  ])('a printed hundredth of %s is %s 元', (unit, step) => {
    expect(stepYuan(unit).toFixed()).toBe(step);
  });

  it.each([
    ['0.3万元', '万元', '1000'],
    ['2,984.80万元', '万元', '100'],
    ['2985万元', '万元', '10000'],
    ['１２.５万元', '万元', '1000'],
    ['1629.00', '元', '0.01'],
    ['29,848,000元', '元', '1'],
  ])('prose "%s" (%s) is exact to %s 元', (text, unit, step) => {
    expect(stepFromText(text.normalize('NFKC'), unit).toFixed()).toBe(step);
  });

  it('a blank cell counts as 0', () => {
    expect(yuan(null).isZero()).toBe(true);
    expect(yuan('').isZero()).toBe(true);
    expect(yuan('9404900.00').toFixed(2)).toBe('9404900.00');
  });
});
