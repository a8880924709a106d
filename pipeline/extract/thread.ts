/**
 * Worker-thread entry: runs step 1 of extraction (text layer and routing, extractLayer) for
 * one report at a time. pdf.js parses on the thread that calls it, so threads are how a run
 * uses more than one core. Messages: { id, record, bytes } in; { id, doc } or { id, error } out.
 */
import { parentPort } from 'node:worker_threads';
import type { SourceRecord } from '../types.ts';
import { ExtractError, extractLayer, pdfModules } from './index.ts';

// Load pdf.js and its reader worker now, before the first report arrives (threads may be
// started ahead of the batch). A failure shows on the first report, as before.
pdfModules()
  .then(() => import('./reader-port.ts'))
  .then(({ readerWorker }) => readerWorker())
  .catch(() => undefined);

interface Job {
  id: number;
  record: SourceRecord;
  bytes: Uint8Array;
}

parentPort!.on('message', async (job: Job) => {
  try {
    const doc = await extractLayer(job.record, job.bytes);
    parentPort!.postMessage({ id: job.id, doc });
  } catch (err) {
    const known = err instanceof ExtractError;
    parentPort!.postMessage({ id: job.id, error: (err as Error).message, known, retryable: known && (err as ExtractError).retryable });
  }
});
