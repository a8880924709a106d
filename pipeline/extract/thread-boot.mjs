// Worker-thread bootstrap, shared by the extraction threads (threads.ts) and the PaddleOCR
// recogniser threads (ocr/paddle/rec-threads.ts). `workerData.entry` is the thread module's URL
// without its extension: in the build (dist/) the compiled .js sits there; next to the sources
// it does not, so tsx is registered first to load the .ts, the same way bin/juesuan.js runs the
// sources when the build is stale.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';

const { entry } = workerData;
if (existsSync(fileURLToPath(`${entry}.js`))) await import(`${entry}.js`);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(`${entry}.ts`);
}
