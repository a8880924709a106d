/** docs/queries.md is tested: every ```sql block runs and gives the table printed after it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, sqlString, type Db } from '../../pipeline/load/db.ts';
import { buildRelease, createViews } from '../../pipeline/release/index.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { DOCS, makeFixtureDataDir, removeTempDirs } from './fixture.ts';
import { extractSqlBlocks, toCells, toMarkdown } from './mdsql.ts';

const queries = extractSqlBlocks(readFileSync(join(DOCS, 'queries.md'), 'utf8'));
let db: Db;

beforeAll(async () => {
  const dirs = await makeFixtureDataDir({ budget: true });
  const { dir } = await buildRelease(dirs, { version: 'docs', log: silentLogger });
  db = await openDb(dirs);
  await createViews(db.conn);
  // The release-folder examples use paths relative to the release, as a researcher would.
  await db.conn.run(`SET file_search_path = ${sqlString(dir)}`);
});
afterAll(() => {
  db?.close();
  removeTempDirs();
});

describe('docs/queries.md', () => {
  it('has examples for the common questions', () => {
    expect(queries.length).toBeGreaterThanOrEqual(10);
    const all = queries.map((q) => q.sql).join('\n');
    for (const needle of ["'208'", "'20805%'", "'2080505'", "'301'", "'30101'", 'measure', 'fiscal_year', 'department']) {
      expect(all).toContain(needle);
    }
  });

  it.each(queries.map((q) => [q.line, q] as const))('block at line %i runs and gives the documented result', async (_line, q) => {
    expect(q.expected, 'put the result table right after the block').not.toBeNull();
    expect(q.sql, 'examples need ORDER BY, or their result order is not defined').toMatch(/ORDER BY/i);
    const reader = await db.conn.runAndReadAll(q.sql);
    const actual = toCells(reader.getRowObjectsJson() as Record<string, unknown>[], reader.columnNames());
    expect(actual.length, 'a documented example should return rows').toBeGreaterThan(1);
    expect(actual, `paste this table under the block:\n${toMarkdown(actual)}\n`).toEqual(q.expected);
  });
});
