// Worker-thread bootstrap. In the build (dist/) the compiled thread.js sits next to this file;
// next to the sources it does not, so tsx is registered first to load thread.ts, the same way
// bin/juesuan.js runs the sources when the build is stale.
import { existsSync } from 'node:fs';

const compiled = new URL('./thread.js', import.meta.url);
if (existsSync(compiled)) await import(compiled.href);
else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./thread.ts');
}
