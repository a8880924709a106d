/** Small file helpers shared by all stages: atomic writes, JSON artefacts, hashing. */
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Folders this process made or found: a run writes seven files per report into a few folders,
 * and asks for each folder once. Should one be removed meanwhile, the write makes it again.
 */
const madeDirs = new Set<string>();

async function ensureDir(dir: string, again = false): Promise<void> {
  if (madeDirs.has(dir) && !again) return;
  await mkdir(dir, { recursive: true });
  madeDirs.add(dir);
}

/** Write through a temp file and rename, so a crash never leaves a half-written artefact. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await ensureDir(dirname(path));
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data).catch(async (err: NodeJS.ErrnoException) => {
      if (err?.code !== 'ENOENT') throw err;
      await ensureDir(dirname(path), true);
      await writeFile(tmp, data);
    });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    // Node's write errors carry no path; "no space left" must say where.
    const e = err as NodeJS.ErrnoException;
    if (e?.code && !e.path) e.path = path;
    throw err;
  }
}

/**
 * Write a JSON artefact. Compact by default: pages.json holds every text item of a report and
 * indenting it costs more than the stage that reads it; `pretty` for small files people read.
 */
export async function writeJson(path: string, value: unknown, opts: { pretty?: boolean } = {}): Promise<void> {
  await writeFileAtomic(path, (opts.pretty ? JSON.stringify(value, null, 1) : JSON.stringify(value)) + '\n');
}

export async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
