import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const SCRIPT = join(ROOT, 'scripts/nightly.sh');
const FAKE_NODE = join(ROOT, 'test/fixtures/fetch/fake-node.sh');

interface Done {
  code: number | null;
  stderr: string;
}

function nightly(env: Record<string, string>): { done: Promise<Done> } {
  const child = spawn('bash', [SCRIPT], { env: { ...process.env, NODE: FAKE_NODE, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return { done: new Promise((ok) => child.on('close', (code) => (clearTimeout(kill), ok({ code, stderr })))) };
}

async function waitFor(test: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('scripts/nightly.sh (with a stand-in for node)', () => {
  let dataDir: string;
  let manifest: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'juesuan-nightly-'));
    manifest = join(dataDir, 'manifest.csv');
    await writeFile(manifest, 'url\nhttps://example.gov.cn/a.pdf\n');
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('lets one run at a time: a second invocation exits 75; the run exit code is passed on', async () => {
    const env = { DATA_DIR: dataDir, MANIFEST: manifest };
    const first = nightly({ ...env, FAKE_SLEEP: '2', FAKE_EXIT: '3' });
    // latest.log appears only once the lock is held.
    await waitFor(() => readdir(join(dataDir, 'logs')).then((n) => n.includes('latest.log'), () => false));
    const second = await nightly(env).done;
    expect(second.code).toBe(75);
    expect(second.stderr).toContain(`another run holds ${dataDir}/.nightly.lock`);

    const a = await first.done;
    expect(a.code).toBe(3);
    const log = await readFile(join(dataDir, 'logs/latest.log'), 'utf8');
    expect(log).toContain(`fake-node ${ROOT}/bin/juesuan.js run --manifest ${manifest} --data-dir ${dataDir}\n`);
    expect(log).toMatch(/# finished \d{8}T\d{6}Z with exit code 3\n$/);

    const third = await nightly({ ...env, FAKE_EXIT: '0' }).done;
    expect(third.code).toBe(0);
    const logs = (await readdir(join(dataDir, 'logs'))).filter((n) => n.startsWith('nightly-'));
    expect(logs).toHaveLength(2);
  });

  it('exits 2 when the manifest is missing', async () => {
    const r = await nightly({ DATA_DIR: dataDir, MANIFEST: join(dataDir, 'nope.csv') }).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('manifest not found');
  });
});
