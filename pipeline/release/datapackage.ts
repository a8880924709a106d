/**
 * datapackage.json: a Frictionless Data Package v2 descriptor with a Table Schema per table,
 * generated from columns.ts. Fiscal Data Package concepts (phase, currency, classifications)
 * go where they fit: a `columnType` on fields and a package-level `fiscal` property.
 */
import { join } from 'node:path';
import { fileBytes, sha256File } from './checksums.ts';
import { releasedColumns, type ColumnDoc, type TableDoc } from './columns.ts';
import type { ExportedTable } from './export.ts';

const PROFILE = {
  package: 'https://datapackage.org/profiles/2.0/datapackage.json',
  resource: 'https://datapackage.org/profiles/2.0/dataresource.json',
  schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
  dialect: 'https://datapackage.org/profiles/2.0/tabledialect.json',
};

export const PACKAGE_NAME = 'juesuan-bumen-juesuan';

export const LICENSE = {
  name: 'CC-BY-4.0',
  path: 'https://creativecommons.org/licenses/by/4.0/',
  title: 'Creative Commons Attribution 4.0 International',
};

export interface SourceRef {
  title: string;
  /** Only for sources on the web. */
  path?: string;
}

export interface PackageInput {
  version: string;
  /** Absolute release dir (to size and hash the files). */
  dir: string;
  tables: ExportedTable[];
  sources: SourceRef[];
}

function field(c: ColumnDoc, primaryKey: string[]): Record<string, unknown> {
  const f: Record<string, unknown> = { name: c.name, type: c.type, description: c.description };
  // Money stays exact in CSV text and Parquet DECIMAL(20,2); readers should not parse it as float.
  if (c.unit) Object.assign(f, { unit: c.unit, currency: 'CNY', bareNumber: true, decimalChar: '.' });
  if (c.columnType) f.columnType = c.columnType;
  const constraints: Record<string, unknown> = {};
  if (c.required || primaryKey.includes(c.name)) constraints.required = true;
  if (c.enum) constraints.enum = c.enum;
  if (Object.keys(constraints).length > 0) f.constraints = constraints;
  return f;
}

function tableSchema(t: TableDoc, suffix: string): Record<string, unknown> {
  const s: Record<string, unknown> = {
    $schema: PROFILE.schema,
    fields: releasedColumns(t).map((c) => field(c, t.primaryKey ?? [])),
    missingValues: [''],
  };
  if (t.primaryKey) s.primaryKey = t.primaryKey;
  if (t.foreignKeys) {
    s.foreignKeys = t.foreignKeys.map((k) => ({
      fields: k.fields,
      reference: { resource: k.resource + suffix, fields: k.referenceFields },
    }));
  }
  return s;
}

async function fileFacts(dir: string, rel: string): Promise<{ bytes: number; hash: string }> {
  return { bytes: await fileBytes(join(dir, rel)), hash: `sha256:${await sha256File(join(dir, rel))}` };
}

async function csvResource(dir: string, e: ExportedTable): Promise<Record<string, unknown>> {
  return {
    $schema: PROFILE.resource,
    name: e.table.name,
    title: `${e.table.title} (CSV)`,
    description: `${e.table.description} ${e.rows} rows.`,
    path: e.csv,
    type: 'table',
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    ...(await fileFacts(dir, e.csv)),
    dialect: { $schema: PROFILE.dialect, header: true, delimiter: ',', lineTerminator: '\n', quoteChar: '"', doubleQuote: true },
    schema: tableSchema(e.table, ''),
  };
}

async function parquetResource(dir: string, e: ExportedTable): Promise<Record<string, unknown>> {
  const single = e.parquet.length === 1 && !e.parquet[0]!.includes('=');
  return {
    $schema: PROFILE.resource,
    name: `${e.table.name}-parquet`,
    title: `${e.table.title} (Parquet)`,
    description: single
      ? `${e.table.description} Same rows as ${e.csv}, Parquet with zstd compression; money as DECIMAL(20,2).`
      : `${e.table.description} Same rows as ${e.csv}, Parquet with zstd compression, one file per fiscal_year (hive partitions); money as DECIMAL(20,2).`,
    path: single ? e.parquet[0] : e.parquet,
    type: 'table',
    format: 'parquet',
    mediatype: 'application/vnd.apache.parquet',
    ...(single ? await fileFacts(dir, e.parquet[0]!) : {}),
    schema: tableSchema(e.table, '-parquet'),
  };
}

async function excelResource(dir: string, e: ExportedTable): Promise<Record<string, unknown>> {
  return {
    $schema: PROFILE.resource,
    name: `${e.table.name}-excel`,
    title: `${e.table.title} (Excel-friendly CSV)`,
    description:
      `For opening in Excel only: UTF-8 with BOM; codes and ids written as ="…" so Excel keeps them as text; ` +
      `text starting with = + - @ prefixed with '. Use ${e.csv} or the Parquet files for analysis.`,
    path: e.excel,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8-sig',
    ...(await fileFacts(dir, e.excel)),
  };
}

/** The package descriptor, keys in a fixed order so the JSON is byte-stable. */
export async function buildDataPackage(input: PackageInput): Promise<Record<string, unknown>> {
  const resources: Record<string, unknown>[] = [];
  for (const e of input.tables) resources.push(await csvResource(input.dir, e));
  for (const e of input.tables) resources.push(await parquetResource(input.dir, e));
  for (const e of input.tables) resources.push(await excelResource(input.dir, e));
  return {
    $schema: PROFILE.package,
    name: PACKAGE_NAME,
    title: '部门决算 facts: Chinese departmental final accounts as long-format data',
    description:
      'Facts read from published 部门决算 (departmental final accounts) reports: every non-empty cell of the national ' +
      'template tables 01–10, in 元, with the report metadata, the data-quality log and the subject code list. ' +
      'Produced by juesuan; see README.md for the data dictionary and CHANGELOG.md for changes.',
    version: input.version,
    licenses: [LICENSE],
    keywords: ['部门决算', 'final accounts', 'China', 'public finance', 'fiscal data'],
    sources: input.sources,
    fiscal: fiscalProperties(),
    resources,
  };
}

/**
 * Fiscal Data Package concepts as custom properties: this data is the executed phase (决算) of
 * the budget, in CNY, classified by function (功能分类) and by economic nature (经济分类).
 */
function fiscalProperties(): Record<string, unknown> {
  return {
    phase: 'executed',
    phaseLabel: '决算',
    currency: 'CNY',
    unit: '元',
    countryCode: 'CN',
    direction: 'income and expenditure; see facts.table_code and facts.measure',
    classifications: {
      functional: {
        name: '政府收支分类科目 功能分类',
        field: 'facts.item_code',
        where: "facts.table_code IN ('02','03','05','07','08')",
        levels: { 类: 3, 款: 5, 项: 7 },
      },
      economic: {
        name: '部门预算支出经济分类科目',
        field: 'facts.item_code',
        where: "facts.table_code = '06'",
        levels: { 类: 3, 款: 5 },
      },
      administrative: { field: 'reports.department' },
    },
  };
}
