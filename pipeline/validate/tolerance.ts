/**
 * Rounding tolerance. Reports convert 元 ledgers to 万元 tables cell by cell, so a printed total
 * can differ from the sum of its printed parts by a few hundredths of the printed unit; the
 * notes say so ("本套报表金额单位转换时可能存在尾数误差"). We allow one printed hundredth per
 * summed term and call anything larger an error.
 */
import { Decimal } from 'decimal.js';

/** 元 per printed unit. An unknown unit falls back to 元: the strictest reading. */
const YUAN_PER_UNIT: Record<string, string> = {
  元: '1',
  千元: '1000',
  万元: '10000',
  百万元: '1000000',
  亿元: '100000000',
};

/** Tables print money with two decimals: one hundredth of the unit is the rounding step. */
const PRINTED_STEP = new Decimal('0.01');

export function yuanPerUnit(unit: string | null | undefined): Decimal {
  return new Decimal((unit && YUAN_PER_UNIT[unit]) ?? '1');
}

/** The smallest printed increment of a cell in this unit, in 元 (100 元 for 万元). */
export function stepYuan(unit: string | null | undefined): Decimal {
  return PRINTED_STEP.times(yuanPerUnit(unit));
}

/**
 * The step implied by a figure as written in prose: '0.3万元' is only exact to 0.1 万元,
 * so it may differ from the table's 2,961.68 by up to that much before it is a real mismatch.
 */
export function stepFromText(valueText: string, unit: string | null | undefined): Decimal {
  const m = /\d(?:[.．](\d+))?\s*(?:万|千|亿|元|$)/.exec(valueText.replace(/[,，\s]/g, ''));
  const decimals = m?.[1]?.length ?? 0;
  const textStep = new Decimal(10).pow(-decimals).times(yuanPerUnit(unit));
  return Decimal.max(textStep, stepYuan(unit));
}

/** Parse a 元 decimal string; a blank or missing cell counts as 0. */
export function yuan(value: string | null | undefined): Decimal {
  return value == null || value === '' ? new Decimal(0) : new Decimal(value);
}

/** Items grouped by their value to the hundredth, in first-seen order. */
export function byValue<T extends { value: Decimal }>(items: T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const x of items) groups.set(fmt(x.value), [...(groups.get(fmt(x.value)) ?? []), x]);
  return [...groups.values()];
}

/** Fixed two-decimal rendering, the contract's DECIMAL(20,2). */
export function fmt(d: Decimal): string {
  return d.toFixed(2);
}
