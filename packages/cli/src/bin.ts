#!/usr/bin/env node
// First, before anything loads zod (see lazy-zod-locales.ts).
import './zod-locales-on-demand.js';
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`byosd: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
