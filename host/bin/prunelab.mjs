#!/usr/bin/env node
// The `prunelab` command: runs the bundle that `npm install` (or `npm run build`) made.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'build', 'host', 'prunelab.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('prunelab: not built yet: run `npm install` (or `npm run build`) in the project folder first\n');
  process.exit(1);
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
