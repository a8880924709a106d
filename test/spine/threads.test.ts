/**
 * Extraction in worker threads (used for large batches) must give exactly what extraction on
 * the main thread gives, and a report's own failure (a corrupt PDF) must stay that report's.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startThreadsEarly } from '../../pipeline/extract/threads.ts';
import { dataDirs } from '../../pipeline/paths.ts';
import { runPipeline } from '../../pipeline/run.ts';
import { silentLogger } from '../../pipeline/util/log.ts';
import { outputCsv, removeTemps, tempDir } from '../helpers/cli.ts';

const SAMPLES = join(import.meta.dirname, '..', '..', 'samples');

async function run(threads: boolean, extra: string[] = []) {
  const dir = tempDir(`juesuan-threads-${threads}-`);
  const summary = await runPipeline({ sources: [SAMPLES, ...extra], dirs: dataDirs(dir), log: silentLogger, ocr: false, threads });
  const facts = outputCsv(dir, 'facts').map(({ run_id: _r, ...f }) => JSON.stringify(f)).sort();
  return { summary, facts };
}

describe('extraction in worker threads', () => {
  afterAll(removeTemps);

  it('gives the same facts as the main thread, and keeps a corrupt PDF its own failure', async () => {
    const tmp = tempDir('juesuan-threads-input-');
    const broken = join(tmp, 'broken.pdf');
    copyFileSync(join(SAMPLES, 'jingdezhen-ybj-2024.pdf'), broken);
    writeFileSync(broken, '%PDF-1.7\n1 0 obj garbage'); // a PDF header and nothing usable
    const main = await run(false, [broken]);
    const threaded = await run(true, [broken]);
    expect(threaded.facts.length).toBeGreaterThan(600);
    expect(threaded.facts).toEqual(main.facts);
    const statuses = (s: typeof main.summary) => s.outcomes.map((o) => `${o.source.split('/').pop()}:${o.status}`).sort();
    expect(statuses(threaded.summary)).toEqual(statuses(main.summary));
    expect(statuses(threaded.summary)).toContain('broken.pdf:failed');
  });

  it('threads started before the run are started only for a large batch, and the run closes them', async () => {
    expect(startThreadsEarly(7, undefined, silentLogger)).toBeNull();
    expect(startThreadsEarly(100, 1, silentLogger)).toBeNull();
    if (availableParallelism() < 2) return; // one core: never threads
    const started = startThreadsEarly(100, 2, silentLogger)!;
    expect(started.running).toBe(2);
    // Two samples are too few for threads: the run closes them unused.
    const dir = tempDir('juesuan-threads-early-');
    const summary = await runPipeline({ sources: [SAMPLES], dirs: dataDirs(dir), log: silentLogger, ocr: false, startedThreads: started });
    expect(summary.outcomes.length).toBe(2);
    expect(started.running).toBe(0);
  });
});
