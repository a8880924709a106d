/** The default release version, in a module of its own so the CLI's --help can show it without loading DuckDB. */

/** Today's date (UTC) as YYYY.MM.DD. */
export function defaultVersion(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getUTCFullYear()}.${p(now.getUTCMonth() + 1)}.${p(now.getUTCDate())}`;
}
