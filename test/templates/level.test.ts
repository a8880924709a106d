/**
 * reports.level: 部门 vs 单位 from the templates' level wordings (cover, 目录, titles), and the
 * column added to a database made before it existed.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import { reportLevel } from '../../pipeline/normalise/meta.ts';
import { openDb, queryRows } from '../../pipeline/load/db.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import { removeTemps, tempDir } from '../helpers/cli.ts';

describe('reportLevel', () => {
  it.each([
    ['某市某局2024年度部门决算', [], '部门'],
    ['某市第一中学2024年度单位决算目录第一部分单位概况', [], '单位'],
    ['某区财政局2025年单位预算', ['部门财务收支预算总表'], '单位'],
    ['2025年某区财政局部门预算', [], '部门'],
    ['某局2024年单位综合预算', [], '单位'],
    ['', ['单位收支决算总表', '单位收入决算表'], '单位'],
    // 预算单位 (a budget unit) and 决算单位构成 are not a level.
    ['纳入部门决算编制范围的预算单位包括', [], '部门'],
    ['某局收入支出决算总表', ['收入支出决算总表'], null],
  ] as const)('%s %j → %s', (cover, titles, level) => {
    expect(reportLevel(cover, [...titles])).toBe(level);
  });

  it('on a tie takes the wording the cover names first', () => {
    expect(reportLevel('某中学单位决算（本部门决算汇编）', [])).toBe('单位');
  });
});

describe('reports.level in an older database', () => {
  afterAll(removeTemps);

  it('is added by openDb, keeping the rows', async () => {
    const dirs = dataDirs(tempDir('juesuan-level-'));
    mkdirSync(dirs.output, { recursive: true });
    const old = await DuckDBInstance.create(join(dirs.output, 'juesuan.duckdb'));
    const c = await old.connect();
    await c.run(`CREATE TABLE reports (report_id VARCHAR PRIMARY KEY, department VARCHAR, scope VARCHAR)`);
    await c.run(`INSERT INTO reports VALUES ('r1', '某局', '本级')`);
    c.closeSync();
    old.closeSync();
    const db = await openDb(dirs);
    try {
      expect(await queryRows(db.conn, `SELECT report_id, scope, level FROM reports`)).toEqual([{ report_id: 'r1', scope: '本级', level: null }]);
    } finally {
      db.close();
    }
  });
});
