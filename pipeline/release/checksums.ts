/** Release file listing and the SHA256SUMS file (the format `sha256sum -c` reads). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const SUMS_FILE = 'SHA256SUMS';

/** Every file under `dir`, as '/'-separated relative paths in byte order (as `LC_ALL=C sort`). */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'));
  return files.sort(byteOrder);
}

export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function fileBytes(path: string): Promise<number> {
  return (await stat(path)).size;
}

/** `<hex>  <path>` lines for every file but SHA256SUMS itself, sorted by path. */
export async function sha256Sums(dir: string): Promise<string> {
  const lines: string[] = [];
  for (const rel of await listFiles(dir)) {
    if (rel === SUMS_FILE) continue;
    lines.push(`${await sha256File(join(dir, rel))}  ${rel}`);
  }
  return lines.join('\n') + '\n';
}
