/**
 * The release's README.md (what is in it, how to verify and query it, the data dictionary) and
 * load.sql (rebuilds the tables, comments and views in DuckDB from the release's Parquet).
 */
import { RELEASED_TABLES, releasedColumns, type TableDoc } from './columns.ts';
import { LICENSE } from './datapackage.ts';
import type { ExportedTable } from './export.ts';
import { VIEW_DOCS, tableCommentStatements, viewStatements } from './views.ts';

export const LOAD_SQL = 'load.sql';

/** How to read the explorer, for the release README (docs/release.md has the long version). */
const EXPLORER_README = [
  '## Explorer: every number next to its source',
  '',
  '![The explorer: a table rebuilt, and the clicked number highlighted on its source page](explorer/screenshot.png)',
  '',
  'Open `explorer/index.html` in a browser (no server needed). Filter the reports by province, city, year, kind',
  '(决算/预算) and status, or search a department; open a report to see its standard tables rebuilt, numbers as',
  'printed (usually 万元; hover for 元, or press 显示元). **Click any number**: the source page appears beside the',
  'table with the cell outlined in red, so you can check the number against the document. Coloured cells carry',
  'quality findings (red error, orange warning, grey info); click one to read what the check means. 本部门历年数据',
  'charts the same measure across years, 决算 next to 预算, for the department\'s reports in this release. Each',
  'report page links its facts and quality log as CSV. Page images are the source pages holding a published number,',
  'rendered at 110 dpi (a release cut with `--no-pages` has none: numbers then show their page number only).',
  '',
];

const cell = (s: string) => s.replaceAll('|', '\\|');

function dictionary(t: TableDoc): string[] {
  const pk = t.primaryKey ? `Primary key: ${t.primaryKey.join(', ')}. ` : '';
  const fk = (t.foreignKeys ?? []).map((k) => `${k.fields.join(', ')} → ${k.resource}.${k.referenceFields.join(', ')}`).join('; ');
  return [
    `### ${t.name}`,
    '',
    `${t.description} ${pk}${fk ? `References: ${fk}.` : ''}`.trim(),
    '',
    '| column | type | unit | description |',
    '|---|---|---|---|',
    ...releasedColumns(t).map((c) => `| ${c.name} | ${c.type} | ${c.unit ?? ''} | ${cell(c.description)}${c.enum ? ` One of: ${c.enum.join(', ')}.` : ''} |`),
    '',
  ];
}

export function buildReadme(version: string, tables: ExportedTable[], previousVersion: string | null): string {
  const files = tables.map((e) => `| ${e.table.name} | ${e.rows} | \`${e.csv}\` | \`${e.excel}\` | \`${e.parquet.length === 1 ? e.parquet[0] : `parquet/${e.table.name}/fiscal_year=*/data_0.parquet`}\` |`);
  return [
    `# 部门决算 facts — release ${version}`,
    '',
    'Facts read from published 部门决算 (departmental final accounts) reports by juesuan: every non-empty cell of the',
    'national template tables 01–10 (收入支出决算总表 … 三公经费), in long format, money in 元, each traced to its',
    'report, page and reading method; plus the report metadata, the data-quality log and the subject code list.',
    '',
    `Licence: the data are released under ${LICENSE.title} (${LICENSE.name}, ${LICENSE.path}); please cite the`,
    'release version and the source reports (their URLs are in `reports.source_url`). The source reports are public',
    'government disclosures; this release is not an official publication.',
    '',
    '## Files',
    '',
    '| table | rows | CSV (UTF-8) | Excel copy (UTF-8 + BOM) | Parquet (zstd) |',
    '|---|---|---|---|---|',
    ...files,
    '',
    '- `datapackage.json`: Frictionless Data Package v2 descriptor (Table Schema: types, units, keys, licence, sources).',
    `- \`${LOAD_SQL}\`: run in DuckDB inside this folder to get the tables with comments and the views (see below).`,
    '- `index.html`: overview (coverage, quality) and one page per report under `reports/`; opens without a server.',
    '- `explorer/index.html`: the explorer (below): every report\'s tables, each number next to its source page.',
    `- \`CHANGELOG.md\`: changes against ${previousVersion ? `release ${previousVersion}` : 'the previous release (none: this is the first)'}.`,
    '- `failures.csv`: sources that could not be processed (not in the data files), with the reason.',
    '- `SHA256SUMS`: check the files with `sha256sum -c SHA256SUMS`.',
    '',
    'The canonical CSV files are plain UTF-8 without BOM; NULL is an empty field. The `excel/` copies are for',
    'opening in Excel only: codes and ids are written as `="01"` so Excel keeps them as text. Use the canonical',
    'CSV or Parquet for analysis. Rows are sorted by key; the same data always gives the same bytes.',
    '',
    ...EXPLORER_README,
    '## Quick start (DuckDB)',
    '',
    '```sql',
    `.read ${LOAD_SQL}`,
    'SELECT department, fiscal_year, 本年支出合计 FROM v_department_totals ORDER BY department, fiscal_year;',
    "SELECT * FROM read_parquet('parquet/facts/*/*.parquet', hive_partitioning = false) WHERE item_code = '2080505';",
    '```',
    '',
    'Views created by load.sql:',
    '',
    ...VIEW_DOCS.map((v) => `- \`${v.name}\`: ${v.description}`),
    '',
    '## Data dictionary',
    '',
    'Money is exact: DECIMAL(20,2) in Parquet, a decimal number in CSV; read it as decimal, not float.',
    'Run bookkeeping (`run_id`, `loaded_at`) is not part of releases.',
    '',
    ...RELEASED_TABLES.flatMap(dictionary),
  ].join('\n');
}

/** DuckDB script: tables from this release's Parquet (paths relative to the release folder), comments, views. */
export function buildLoadSql(tables: ExportedTable[]): string {
  const lines = ['-- Run inside the release folder: duckdb juesuan.duckdb < load.sql (or .read load.sql)'];
  for (const e of tables) {
    const glob = e.parquet.length === 1 && !e.parquet[0]!.includes('=') ? e.parquet[0]! : `parquet/${e.table.name}/*/*.parquet`;
    lines.push(`CREATE OR REPLACE TABLE ${e.table.name} AS SELECT * FROM read_parquet('${glob}', hive_partitioning = false);`);
    lines.push(...tableCommentStatements(e.table.name, e.table.description, releasedColumns(e.table)).map((s) => `${s};`));
  }
  lines.push(...viewStatements().map((s) => `${s};`));
  return lines.join('\n') + '\n';
}
