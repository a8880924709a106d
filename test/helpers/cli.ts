/**
 * Running the real command line (`node bin/juesuan.js …`) for end-to-end tests, reading what
 * a run leaves in its data dir, and querying its DuckDB file.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ROOT } from './pages.ts';
import { readCsv } from './score.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Spawn the CLI from the project root; resolves when it exits. */
export function runCli(args: string[], opts: { timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/juesuan.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 110_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Explain a failed run in the assertion message. */
export function describeRun(r: CliResult): string {
  return `exit ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr.slice(-4000)}`;
}

const temps: string[] = [];

/** A new temporary folder, removed by removeTemps(). */
export function tempDir(prefix = 'juesuan-spine-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}

export function removeTemps(): void {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** The published CSVs of a data dir. */
export function outputCsv(dataDir: string, name: 'facts' | 'reports' | 'quality'): Record<string, string>[] {
  return readCsv(join(dataDir, 'output', 'csv', `${name}.csv`));
}

/** Run SQL against a data dir's juesuan.duckdb (read-only), rows as JSON (DECIMAL as strings). */
export async function queryDb(dataDir: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(join(dataDir, 'output', 'juesuan.duckdb'), { access_mode: 'READ_ONLY' });
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The contract key of a fact row: (report_id, table_code, item_code, line_no, item_name, measure). */
export function contractKey(r: Record<string, unknown>): string {
  return JSON.stringify(['report_id', 'table_code', 'item_code', 'line_no', 'item_name', 'measure'].map((k) => String(r[k] ?? '')));
}
