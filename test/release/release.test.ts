import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCommand } from '../../pipeline/cli/release.ts';
import { exitFor } from '../../pipeline/cli/exit.ts';
import { BusyError } from '../../pipeline/util/errors.ts';
import { DB_FILE, openDb, queryRows, sqlString } from '../../pipeline/load/db.ts';
import { listFiles, sha256File, SUMS_FILE } from '../../pipeline/release/checksums.ts';
import { RELEASED_TABLES } from '../../pipeline/release/columns.ts';
import { buildRelease, defaultVersion, ReleaseError } from '../../pipeline/release/index.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import type { DataDirs } from '../../pipeline/types.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { JDZ, LC, makeFixtureDataDir, removeTempDirs, tempDir } from './fixture.ts';

type Resource = {
  name: string;
  path: string | string[];
  type?: string;
  format: string;
  encoding?: string;
  bytes?: number;
  hash?: string;
  schema?: {
    fields: { name: string; type: string; unit?: string; constraints?: { required?: boolean; enum?: string[] } }[];
    primaryKey?: string[];
    foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  };
};

let dirs: DataDirs;
let release: string;
/** In-memory DuckDB with the fixture database attached read-only as `src`. */
let duck: { conn: DuckDBConnection; close(): void };

async function memoryDuck(dbFile: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run(`ATTACH ${sqlString(dbFile)} AS src (READ_ONLY)`);
  return { conn, close: () => (conn.closeSync(), instance.closeSync()) };
}

const n = async (sql: string) => Number((await queryRows(duck.conn, sql))[0]!.n);
const paths = (r: Resource) => (Array.isArray(r.path) ? r.path : [r.path]);
/** How DuckDB reads a resource's files. */
function reader(dir: string, r: Resource): string {
  const files = paths(r).map((p) => sqlString(join(dir, p))).join(', ');
  return r.format === 'parquet'
    ? `read_parquet([${files}], hive_partitioning = false)`
    : `read_csv([${files}], header = true, all_varchar = true)`;
}

beforeAll(async () => {
  dirs = await makeFixtureDataDir({ sources: true });
  release = (await buildRelease(dirs, { version: '2025.01.01', log: silentLogger })).dir;
  duck = await memoryDuck(join(dirs.output, DB_FILE));
});
afterAll(() => {
  duck?.close();
  removeTempDirs();
});

describe('buildRelease', () => {
  it('writes every table as CSV, Excel CSV and Parquet with the database row counts', async () => {
    for (const t of RELEASED_TABLES) {
      const rows = await n(`SELECT count(*) AS n FROM src.${t.name}`);
      const glob = t.name === 'facts' ? `${release}/parquet/facts/*/*.parquet` : `${release}/parquet/${t.name}.parquet`;
      expect(await n(`SELECT count(*) AS n FROM read_parquet(${sqlString(glob)}, hive_partitioning = false)`), t.name).toBe(rows);
      expect(await n(`SELECT count(*) AS n FROM read_csv(${sqlString(`${release}/csv/${t.name}.csv`)}, header = true)`), t.name).toBe(rows);
      expect(rows, `fixture table ${t.name} should not be empty`).toBeGreaterThan(0);
    }
  });

  it('keeps money exact and codes as text in Parquet, partitioned by fiscal_year', async () => {
    expect(existsSync(join(release, 'parquet/facts/fiscal_year=2024/data_0.parquet'))).toBe(true);
    const facts = sqlString(`${release}/parquet/facts/*/*.parquet`);
    const types = await queryRows(duck.conn, `SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${facts}, hive_partitioning = false))`);
    const type = (c: string) => types.find((t) => t.column_name === c)?.column_type;
    expect([type('value_yuan'), type('table_code'), type('item_code'), type('fiscal_year')]).toEqual(['DECIMAL(20,2)', 'VARCHAR', 'VARCHAR', 'INTEGER']);
    const [sums] = await queryRows(
      duck.conn,
      `SELECT (SELECT sum(value_yuan) FROM read_parquet(${facts}, hive_partitioning = false))::VARCHAR AS parquet,
              (SELECT sum(value_yuan) FROM src.facts)::VARCHAR AS db`,
    );
    expect(sums!.parquet).toBe(sums!.db);
    expect(await n(`SELECT count(*) AS n FROM read_parquet(${facts}, hive_partitioning = false) WHERE run_id IS NULL`).catch(() => -1)).toBe(-1);
  });

  it('passes sha256sum -c, and the check fails when a file changes', () => {
    const output = execFileSync('sha256sum', ['-c', '--strict', SUMS_FILE], { cwd: release, encoding: 'utf8' });
    const listed = readFileSync(join(release, SUMS_FILE), 'utf8').trim().split('\n').map((l) => l.slice(66));
    expect(listed).toEqual([...listed].sort());
    expect(listed.length).toBeGreaterThan(15);
    expect(output.trim().split('\n')).toHaveLength(listed.length);
    const copy = tempDir('juesuan-tamper-');
    cpSync(release, copy, { recursive: true });
    writeFileSync(join(copy, 'csv/facts.csv'), readFileSync(join(copy, 'csv/facts.csv'), 'utf8').replace('9404900.00', '9404900.01'));
    expect(spawnSync('sha256sum', ['-c', '--quiet', SUMS_FILE], { cwd: copy }).status).not.toBe(0);
  });

  it('lists every file in SHA256SUMS except itself', async () => {
    const listed = readFileSync(join(release, SUMS_FILE), 'utf8').trim().split('\n').map((l) => l.slice(66));
    expect(listed).toEqual((await listFiles(release)).filter((f) => f !== SUMS_FILE));
  });

  it('writes the Excel copy with a BOM and codes kept as text, the canonical CSV without', () => {
    for (const t of RELEASED_TABLES) {
      expect([...readFileSync(join(release, `excel/${t.name}.csv`)).subarray(0, 3)], t.name).toEqual([0xef, 0xbb, 0xbf]);
      expect(readFileSync(join(release, `csv/${t.name}.csv`)).subarray(0, 3).toString('latin1'), t.name).not.toBe('\xef\xbb\xbf');
    }
    const excel = readFileSync(join(release, 'excel/facts.csv'), 'utf8');
    expect(excel).toContain(`"=""${LC}""","=""01"""`);
    expect(excel).toContain('"=""2080505"""');
    expect(readFileSync(join(release, 'csv/facts.csv'), 'utf8').split('\n')[1]).toMatch(new RegExp(`^${LC},01,`));
  });

  describe('datapackage.json', () => {
    let pkg: { $schema: string; version: string; licenses: { name: string }[]; sources: { path: string }[]; resources: Resource[]; fiscal: Record<string, unknown> };
    beforeAll(() => {
      pkg = JSON.parse(readFileSync(join(release, 'datapackage.json'), 'utf8'));
    });

    it('is a Data Package v2 with licence, sources and fiscal properties', () => {
      expect(pkg.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
      expect(pkg.version).toBe('2025.01.01');
      expect(pkg.licenses.map((l) => l.name)).toEqual(['CC-BY-4.0']);
      expect(pkg.sources.map((s) => s.path).sort()).toEqual([
        'https://example.org/juesuan/jingdezhen-ybj-2024.pdf',
        'https://example.org/juesuan/liaocheng-ybj-2024.pdf',
      ]);
      expect(pkg.fiscal).toMatchObject({ phaseLabel: '决算', currency: 'CNY' });
      expect(new Set(pkg.resources.map((r) => r.name)).size).toBe(pkg.resources.length);
    });

    it('describes every data file, with the right bytes and hashes', async () => {
      const described = pkg.resources.flatMap(paths).sort();
      const dataFiles = (await listFiles(release)).filter((f) => /^(csv|excel|parquet)\//.test(f));
      expect(described).toEqual(dataFiles.sort());
      for (const r of pkg.resources.filter((r) => r.hash)) {
        expect(r.hash, r.name).toBe(`sha256:${await sha256File(join(release, r.path as string))}`);
      }
    });

    it('has table schemas whose fields match the files, in order', async () => {
      const tabular = pkg.resources.filter((r) => r.type === 'table');
      expect(tabular).toHaveLength(RELEASED_TABLES.length * 2);
      for (const r of tabular) {
        const cols = await queryRows(duck.conn, `SELECT column_name FROM (DESCRIBE SELECT * FROM ${reader(release, r)})`);
        expect(cols.map((c) => c.column_name), r.name).toEqual(r.schema!.fields.map((f) => f.name));
      }
      const value = pkg.resources.find((r) => r.name === 'facts')!.schema!.fields.find((f) => f.name === 'value_yuan');
      expect(value).toMatchObject({ type: 'number', unit: '元' });
    });

    it('has primary keys that hold and foreign keys that resolve', async () => {
      for (const r of pkg.resources.filter((r) => r.schema)) {
        const s = r.schema!;
        const names = s.fields.map((f) => f.name);
        if (s.primaryKey) {
          expect(names).toEqual(expect.arrayContaining(s.primaryKey));
          const key = s.primaryKey.map((k) => `"${k}"`).join(', ');
          const dup = await n(`SELECT count(*) AS n FROM (SELECT ${key} FROM ${reader(release, r)} GROUP BY ALL HAVING count(*) > 1)`);
          expect(dup, `${r.name}: duplicate ${key}`).toBe(0);
          const nulls = await n(`SELECT count(*) AS n FROM ${reader(release, r)} WHERE ${s.primaryKey.map((k) => `"${k}" IS NULL`).join(' OR ')}`);
          expect(nulls, `${r.name}: NULL in ${key}`).toBe(0);
        }
        for (const fk of s.foreignKeys ?? []) {
          const target = pkg.resources.find((x) => x.name === fk.reference.resource);
          expect(target, `${r.name} → ${fk.reference.resource}`).toBeDefined();
          expect(target!.format).toBe(r.format);
          const on = fk.fields.map((f, i) => `a."${f}" = b."${fk.reference.fields[i]}"`).join(' AND ');
          const orphans = await n(`SELECT count(*) AS n FROM ${reader(release, r)} a ANTI JOIN ${reader(release, target!)} b ON ${on}`);
          expect(orphans, `${r.name}: rows without a ${fk.reference.resource}`).toBe(0);
        }
      }
    });

    it('states enums that the data respect', async () => {
      for (const r of pkg.resources.filter((r) => r.type === 'table')) {
        for (const f of r.schema!.fields.filter((f) => f.constraints?.enum)) {
          const allowed = f.constraints!.enum!.map(sqlString).join(', ');
          const bad = await n(`SELECT count(*) AS n FROM ${reader(release, r)} WHERE "${f.name}" IS NOT NULL AND CAST("${f.name}" AS VARCHAR) NOT IN (${allowed})`);
          expect(bad, `${r.name}.${f.name}`).toBe(0);
        }
      }
    });
  });

  it('is reproducible: a fresh database with the same content gives byte-identical files', async () => {
    const other = await makeFixtureDataDir({ sources: true });
    const second = (await buildRelease(other, { version: '2025.01.01', log: silentLogger })).dir;
    const files = await listFiles(release);
    expect(await listFiles(second)).toEqual(files);
    for (const f of files) expect(await sha256File(join(second, f)), f).toBe(await sha256File(join(release, f)));
  });

  it('writes a README data dictionary, a load.sql that rebuilds tables and views, and an HTML overview', async () => {
    const readme = readFileSync(join(release, 'README.md'), 'utf8');
    for (const s of ['CC-BY-4.0', '### facts', '| value_yuan | number | 元 |', 'sha256sum -c SHA256SUMS']) expect(readme).toContain(s);
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    try {
      await conn.run(`SET file_search_path = ${sqlString(release)}`);
      await conn.run(readFileSync(join(release, 'load.sql'), 'utf8'));
      const [row] = await queryRows(conn, `SELECT 本年支出合计 FROM v_department_totals WHERE report_id = $1`, [JDZ]);
      expect(row).toEqual({ 本年支出合计: '9404900.00' });
      const [c] = await queryRows(conn, `SELECT comment FROM duckdb_columns() WHERE table_name = 'facts' AND column_name = 'item_key'`);
      expect(c!.comment).toMatch(/line:/);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    expect(readdirSync(join(release, 'reports')).sort()).toEqual([`${LC}.html`, `${JDZ}.html`].sort());
  });

  it('refuses to overwrite a release, a bad version, or a missing database, leaving no temp folders', async () => {
    await expect(buildRelease(dirs, { version: '2025.01.01', log: silentLogger })).rejects.toThrow(/already exists.*--tag 2025\.01\.01\.1/);
    await expect(buildRelease(dirs, { version: '../x', log: silentLogger })).rejects.toThrow(ReleaseError);
    const empty = { ...dirs, output: tempDir('juesuan-empty-') };
    await expect(buildRelease(empty, { version: 'x', log: silentLogger })).rejects.toThrow(/run `npx juesuan run` first/);
    expect(readdirSync(join(dirs.output, 'releases')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('says to retry later when a running pipeline holds the database', async () => {
    const other = await makeFixtureDataDir();
    const script = `import { DuckDBInstance } from '@duckdb/node-api';
      const i = await DuckDBInstance.create(${JSON.stringify(join(other.output, DB_FILE))});
      await i.connect(); console.log('ready'); setTimeout(() => {}, 60000);`;
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise((ok) => holder.stdout!.once('data', ok));
      process.env.JUESUAN_LOCK_WAIT = '0.3';
      const err = await buildRelease(other, { version: 'x', log: silentLogger }).catch((e: unknown) => e).finally(() => delete process.env.JUESUAN_LOCK_WAIT);
      // Waited, then busy (exit 75) with the holder named.
      expect(err).toBeInstanceOf(BusyError);
      expect((err as Error).message).toMatch(new RegExp(`in use by .*\\(PID ${holder.pid}`));
      expect(exitFor(err).code).toBe(75);
      expect(existsSync(join(other.output, 'releases', 'x'))).toBe(false);
    } finally {
      holder.kill();
    }
  });

  it('cuts a valid release from an empty database', async () => {
    const empty = dataDirs(tempDir('juesuan-empty-'));
    (await openDb(empty)).close();
    const dir = (await buildRelease(empty, { version: '0', log: silentLogger })).dir;
    expect(execFileSync('sha256sum', ['-c', '--quiet', SUMS_FILE], { cwd: dir, encoding: 'utf8' })).toBe('');
    expect(readFileSync(join(dir, 'CHANGELOG.md'), 'utf8')).toContain('It holds 0 reports and 0 facts.');
    expect(await n(`SELECT count(*) AS n FROM read_parquet(${sqlString(`${dir}/parquet/facts/*/*.parquet`)}, hive_partitioning = false)`)).toBe(0);
    expect(readFileSync(join(dir, 'csv/facts.csv'), 'utf8')).toMatch(/^report_id,table_code,.*,item_key,fiscal_year\n$/);
  });

  it('defaults the version to the date', () => {
    expect(defaultVersion(new Date('2025-03-04T23:00:00Z'))).toBe('2025.03.04');
  });
});

describe('CHANGELOG.md', () => {
  it('says it is the first release when there is none before', () => {
    expect(readFileSync(join(release, 'CHANGELOG.md'), 'utf8')).toContain('First release');
  });

  it('lists reports and facts added, removed and changed against the previous release', async () => {
    const next = await makeFixtureDataDir();
    const db = await openDb(next);
    try {
      await db.conn.run(`UPDATE facts SET value_yuan = 9404800.00 WHERE report_id = $1 AND table_code = '01' AND line_no = 58`, [JDZ]);
      await db.conn.run(`DELETE FROM facts WHERE report_id = $1 AND table_code = '06' AND item_code = '30101'`, [JDZ]);
      await db.conn.run(`INSERT INTO reports SELECT * REPLACE ('0123456789abcdef' AS report_id, 2023 AS fiscal_year) FROM reports WHERE report_id = $1`, [LC]);
      await db.conn.run(`INSERT INTO facts SELECT * REPLACE ('0123456789abcdef' AS report_id) FROM facts WHERE report_id = $1 AND table_code = '01'`, [LC]);
    } finally {
      db.close();
    }
    // Exit code and stdout through the CLI's function; the previous release is named by its version.
    cpSync(release, join(next.output, 'releases', '2025.01.01'), { recursive: true });
    const code = await releaseCommand({ tag: '2025.02.01', previous: '2025.01.01', dataDir: next.root }, silentLogger);
    expect(code).toBe(0);
    const dir = join(next.output, 'releases', '2025.02.01');
    const log = readFileSync(join(dir, 'CHANGELOG.md'), 'utf8');
    expect(log).toContain('Compared with release 2025.01.01');
    expect(log).toMatch(/## Reports\n\n- added: 1\n- removed: 0\n- changed: 0/);
    expect(log).toMatch(/## Facts\n\n- added: 9\n- removed: 1\n- changed: 1 \(value changed: 1\)/);
    expect(log).toContain(`| ${JDZ} | 01 | line:58 | 金额 | 9404900.00 | 9404800.00 | value_yuan |`);
    expect(log).toContain('| 0123456789abcdef | 聊城市医疗保障局 | 2023 |');
    expect(existsSync(join(dir, 'parquet/facts/fiscal_year=2023/data_0.parquet'))).toBe(true);
    // The same version again is refused (a usage error, exit 2): releases are immutable.
    expect(await releaseCommand({ tag: '2025.02.01', dataDir: next.root }, silentLogger)).toBe(2);
  });
});
