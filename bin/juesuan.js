#!/usr/bin/env node
// Entry point: registers tsx so the TypeScript sources run without a build step.
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../pipeline/cli.ts');
process.exitCode = await main(process.argv);
