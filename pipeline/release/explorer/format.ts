/** Number formatting for the explorer: exact decimal strings, never floats. */
import { Decimal } from 'decimal.js';

/** '8120300.00' → '8,120,300.00' (元, exact). */
export function yuanText(yuan: string): string {
  const [int, frac] = new Decimal(yuan).toFixed(2).split('.');
  const sign = int!.startsWith('-') ? '-' : '';
  return `${sign}${int!.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}
