// Is the build in dist/ up to date with the sources? Used by bin/juesuan.js (which runs dist/
// only then), scripts/build.mjs --if-stale and the bench. Plain JavaScript: it runs before any build.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time (ms) of the files under dir. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** True when root/dist/BUILD-STAMP is at least as new as every file under root/pipeline/. */
export function buildIsFresh(root) {
  try {
    return statSync(join(root, 'dist/BUILD-STAMP')).mtimeMs >= newest(join(root, 'pipeline'));
  } catch {
    return false; // no build (or no sources)
  }
}
