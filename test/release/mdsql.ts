/**
 * Tested docs: pull the ```sql blocks out of a Markdown file, each with the result table that
 * follows it, and render query results the same way (so a mismatch prints a table to paste).
 */

export interface DocQuery {
  sql: string;
  /** 1-based line of the block in the file, for error messages. */
  line: number;
  /** The Markdown table right after the block (header + rows), or null when there is none. */
  expected: string[][] | null;
}

function parseRow(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replaceAll('\\|', '|'));
}

export function extractSqlBlocks(markdown: string): DocQuery[] {
  const lines = markdown.split('\n');
  const out: DocQuery[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```sql') continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && lines[i]!.trim() !== '```'; i++) body.push(lines[i]!);
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() === '') j++;
    let expected: string[][] | null = null;
    if (lines[j]?.trim().startsWith('|')) {
      expected = [];
      for (; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
        if (/^\|[\s|:-]+\|$/.test(lines[j]!.trim())) continue; // the |---|---| separator
        expected.push(parseRow(lines[j]!));
      }
    }
    out.push({ sql: body.join('\n'), line: start + 1, expected });
  }
  return out;
}

/** Header + rows as strings; NULL is an empty cell (as in the docs). */
export function toCells(rows: Record<string, unknown>[], columns: string[]): string[][] {
  return [columns, ...rows.map((r) => columns.map((c) => (r[c] == null ? '' : String(r[c]))))];
}

export function toMarkdown(cells: string[][]): string {
  const [head, ...rows] = cells;
  const esc = (c: string) => c.replaceAll('|', '\\|');
  return [`| ${head!.map(esc).join(' | ')} |`, `|${head!.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
