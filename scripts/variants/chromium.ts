/** Print an HTML file to PDF with Debian's headless Chromium (a throw-away profile per call). */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function chromium(htmlPath: string, pdfPath: string): void {
  const profile = mkdtempSync(join(tmpdir(), 'chr-'));
  try {
    execFileSync('/usr/bin/chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
      `--print-to-pdf=${pdfPath}`, '--no-pdf-header-footer', `file://${htmlPath}`], { stdio: 'pipe', timeout: 120_000 });
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
