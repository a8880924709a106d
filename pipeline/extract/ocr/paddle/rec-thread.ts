/**
 * A PaddleOCR recogniser thread (rec-threads.ts): its own InferenceSession; RecJobs in, readings
 * out, one at a time. Builds the input tensor and decodes the output here too, off the calling
 * thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RecSession, type PaddleRecOptions, type RecJob } from './rec.ts';

export type ToThread = ({ id: number } & RecJob) | { close: true };
export type FromThread = { ready: true } | { id: number; results: Awaited<ReturnType<RecSession['run']>> } | { id?: number; error: string };

const port = parentPort!;
const send = (m: FromThread) => port.postMessage(m);

try {
  const session = await RecSession.create(workerData as PaddleRecOptions);
  // One job at a time, in order: a close waits for the jobs sent before it.
  let queue = Promise.resolve();
  port.on('message', (m: ToThread) => {
    queue = queue.then(async () => {
      if ('close' in m) {
        // Release the native session before the thread ends: nothing native is left to a finaliser.
        await session.close().catch(() => undefined);
        port.close();
        return;
      }
      try {
        send({ id: m.id, results: await session.run(m) });
      } catch (err) {
        send({ id: m.id, error: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  send({ ready: true });
} catch (err) {
  send({ error: err instanceof Error ? err.message : String(err) });
  port.close();
}
