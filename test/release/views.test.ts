import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFetchLog } from '../../pipeline/fetch/ledger.ts';
import { openDb, queryRows, sqlString, type Db } from '../../pipeline/load/db.ts';
import { TABLE_DOCS, databaseColumns } from '../../pipeline/release/columns.ts';
import { VIEW_DOCS, createViews } from '../../pipeline/release/views.ts';
import { JDZ, LC, makeFixtureDataDir, removeTempDirs } from './fixture.ts';

let db: Db;

beforeAll(async () => {
  db = await openDb(await makeFixtureDataDir());
  await ensureFetchLog(db.conn);
  await createViews(db.conn);
});
afterAll(() => {
  db?.close();
  removeTempDirs();
});

describe('createViews', () => {
  it('documents exactly the columns schema.sql creates (add new columns to pipeline/release/columns.ts)', async () => {
    const actual = await queryRows(
      db.conn,
      `SELECT table_name || '.' || column_name AS c FROM duckdb_columns()
       WHERE table_name IN (${TABLE_DOCS.map((t) => sqlString(t.name)).join(', ')}) ORDER BY c`,
    );
    const documented = TABLE_DOCS.flatMap((t) => databaseColumns(t).map((c) => `${t.name}.${c.name}`)).sort();
    expect(actual.map((r) => r.c)).toEqual(documented);
  });

  it('puts a comment on every table, view and column', async () => {
    const names = [...TABLE_DOCS.map((t) => t.name), ...VIEW_DOCS.map((v) => v.name)];
    const missing = await queryRows(
      db.conn,
      `SELECT table_name, column_name FROM duckdb_columns()
       WHERE table_name IN (${names.map(sqlString).join(', ')}) AND (comment IS NULL OR comment = '')`,
    );
    expect(missing).toEqual([]);
    const tables = await queryRows(db.conn, `SELECT table_name AS n, comment FROM duckdb_tables() UNION ALL SELECT view_name, comment FROM duckdb_views() WHERE NOT internal`);
    for (const n of names) expect(tables.find((t) => t.n === n)?.comment, n).toBeTruthy();
    const [money] = await queryRows(db.conn, `SELECT comment FROM duckdb_columns() WHERE table_name = 'facts' AND column_name = 'value_yuan'`);
    expect(money!.comment).toContain('元');
  });

  it('is idempotent and reports no undocumented columns', async () => {
    expect(await createViews(db.conn)).toEqual({ undocumented: [] });
    expect(await createViews(db.conn)).toEqual({ undocumented: [] });
  });

  it('pivots table 03 by function code', async () => {
    const rows = await queryRows(db.conn, `SELECT * FROM v_expenditure_by_function WHERE report_id = $1 AND item_code = '2101501'`, [JDZ]);
    expect(rows).toEqual([
      {
        report_id: JDZ, department: '景德镇市医疗保障局', fiscal_year: 2024, item_code: '2101501', item_level: '项', item_name: '行政运行',
        本年支出合计: '4432200.00', 基本支出: '4332500.00', 项目支出: '99800.00',
      },
    ]);
  });

  it('takes department totals from table 01 lines 27 and 58', async () => {
    const rows = await queryRows(db.conn, `SELECT report_id, 本年收入合计, 本年支出合计 FROM v_department_totals ORDER BY report_id`);
    expect(rows).toEqual([
      { report_id: LC, 本年收入合计: '29848000.00', 本年支出合计: '29848000.00' },
      { report_id: JDZ, 本年收入合计: '9405000.00', 本年支出合计: '9404900.00' },
    ]);
  });

  it('uses one report per department-year when a report is loaded twice', async () => {
    await db.conn.run(`BEGIN TRANSACTION`);
    try {
      await db.conn.run(`INSERT INTO reports SELECT * REPLACE ('dup0000000000000' AS report_id, 0.5 AS quality_score) FROM reports WHERE report_id = $1`, [JDZ]);
      await db.conn.run(`INSERT INTO facts SELECT * REPLACE ('dup0000000000000' AS report_id) FROM facts WHERE report_id = $1`, [JDZ]);
      const [current] = await queryRows(db.conn, `SELECT report_id, n_reports FROM v_reports_current WHERE department = '景德镇市医疗保障局'`);
      expect(current).toEqual({ report_id: JDZ, n_reports: 2 });
      const sangong = await queryRows(db.conn, `SELECT count(*)::INTEGER AS n FROM v_sangong WHERE department = '景德镇市医疗保障局' AND item_name = '合计'`);
      expect(sangong[0]!.n).toBe(1);
    } finally {
      await db.conn.run(`ROLLBACK`);
    }
  });

  it('gives 万元 exactly in v_facts_readable', async () => {
    const [row] = await queryRows(db.conn, `SELECT value_yuan, value_wanyuan FROM v_facts_readable WHERE report_id = $1 AND table_code = '01' AND line_no = 58`, [JDZ]);
    expect(row).toEqual({ value_yuan: '9404900.00', value_wanyuan: '940.490000' });
  });
});
