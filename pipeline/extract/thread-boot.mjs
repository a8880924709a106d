// Worker-thread bootstrap: registers tsx so the TypeScript entry (thread.ts) can load, the same
// way bin/juesuan.js does for the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
