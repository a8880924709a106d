/**
 * Small inputs and harness for the operations tests: tiny text-export reports (one 公开01表,
 * a few hundred ms through the whole pipeline), the CLI's main() in-process with its output
 * captured, and a separate process that holds a DuckDB file's lock.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../pipeline/cli.ts';
import { ROOT } from '../helpers/pages.ts';

/** A text export of a report with table 01 only. `income` (万元) makes the bytes, and so the report id, differ. */
export function textReport(opts: { department?: string; income?: string; year?: number } = {}): string {
  const dept = opts.department ?? '景德镇市医疗保障局';
  const income = opts.income ?? '940.49';
  return [
    `# ${dept} ${opts.year ?? 2024} 年度部门决算报表`,
    '',
    '## 收入支出决算总表',
    '',
    '公开 01 表',
    '',
    `部门：${dept}`,
    '',
    `${opts.year ?? 2024} 年度`,
    '',
    '金额单位：万元',
    '',
    '收入\t\t\t支出\t\t',
    '项 目\t行次\t金 额\t项目（按功能分类）\t行次\t金 额',
    '栏 次\t\t1\t栏 次\t\t2',
    `一、一般公共预算财政拨款收入\t1\t${income}\t一、一般公共服务支出\t32\t`,
    '二、政府性基金预算财政拨款收入\t2\t\t二、外交支出\t33\t',
    '四、上级补助收入\t4\t0.00\t八、社会保障和就业支出\t39\t83.45',
    '\t\t\t九、卫生健康支出\t40\t812.03',
    '\t\t\t十九、住房保障支出\t50\t45.02',
    '',
  ].join('\n');
}

/** Write a text report into `dir` and return its path. */
export function writeReport(dir: string, name: string, opts: Parameters<typeof textReport>[0] = {}): string {
  const path = join(dir, name);
  writeFileSync(path, textReport(opts));
  return path;
}

/** The report id of a file: the first 16 hex digits of its SHA-256. */
export function reportIdOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 16);
}

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `juesuan ARGS` in this process (no tsx start-up), with stdout and stderr captured; `onStderr` sees stderr as it grows. */
export async function cli(args: string[], onStderr?: (stderr: string) => void): Promise<MainResult> {
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((stdout += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((stderr += String(c)), onStderr?.(stderr), true));
  try {
    const code = await main(['node', 'juesuan', ...args]);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

/** Another process holding `dbFile` (read-only, like a researcher's session) until killed. */
export async function holdDb(dbFile: string, opts: { readOnly?: boolean } = {}): Promise<ChildProcess> {
  const mode = opts.readOnly === false ? '' : `, { access_mode: 'READ_ONLY' }`;
  const script = `import { DuckDBInstance } from '@duckdb/node-api';
    const i = await DuckDBInstance.create(${JSON.stringify(dbFile)}${mode});
    await i.connect(); console.log('ready'); setTimeout(() => {}, 120000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ok) => child.stdout!.once('data', ok));
  return child;
}

/** A one-page PDF whose page dictionary holds an array nested `depth` deep (pdf.js recurses on it). */
export function deepNestingPdf(depth = 200_000): Buffer {
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << >> /Deep ${'['.repeat(depth)}${']'.repeat(depth)} >>`,
    '<< /Length 5 >>\nstream\nBT ET\nendstream',
  ];
  let out = '%PDF-1.4\n';
  const offsets = objs.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
