// Bootstrap of a PaddleOCR recogniser thread (rec-threads.ts). In the build (dist/) the compiled
// rec-thread.js sits next to this file; next to the sources it does not, so tsx is registered
// first to load rec-thread.ts (as extract/thread-boot.mjs does for the extraction threads).
import { existsSync } from 'node:fs';

const compiled = new URL('./rec-thread.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./rec-thread.ts');
}
