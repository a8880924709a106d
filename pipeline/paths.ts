/** Where a run keeps its files: `raw/` (sources by hash), `staged/` (per report), `output/`. */
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataDirs } from './types.ts';

/** The project root (holds package.json, samples/): this file is pipeline/paths.ts, or dist/pipeline/paths.js in the build. */
const above = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PROJECT_ROOT = basename(above) === 'dist' ? dirname(above) : above;

export function dataDirs(root: string = PROJECT_ROOT): DataDirs {
  const r = resolve(root);
  return { root: r, raw: join(r, 'raw'), staged: join(r, 'staged'), output: join(r, 'output') };
}

/** Artefact names inside `staged/<report_id>/`, one per stage. */
export const ARTEFACT = {
  source: 'source.json',
  pages: 'pages.json',
  tables: 'tables.json',
  cells: 'cells.json',
  facts: 'facts.json',
  quality: 'quality.json',
} as const;

export function stagedFile(dirs: DataDirs, reportId: string, name: keyof typeof ARTEFACT): string {
  return join(dirs.staged, reportId, ARTEFACT[name]);
}

/** Bumped when a change alters what the pipeline produces; reports are reprocessed on change. */
export const PIPELINE_VERSION = '0.1.0';
