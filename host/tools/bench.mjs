#!/usr/bin/env node
// `npm run bench`: runs every benchmark script in host/bench/ one after the other (never in
// parallel: they measure time on a 2-core machine). Each prints its own side-by-side ratios.
//   npm run bench                 all of them
//   npm run bench -- codec prune  the ones whose file name starts with these words
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/cxx-build.mjs';

const wanted = process.argv.slice(2);
const scripts = readdirSync(join(repoRoot, 'host/bench'))
  .filter((f) => f.endsWith('-bench.mjs'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'} x ${cpus().length}, node ${process.version}`);
let failures = 0;
for (const script of scripts) {
  console.log(`\n### ${script}`);
  const result = spawnSync(process.execPath, [join(repoRoot, 'host/bench', script)], { stdio: 'inherit', cwd: repoRoot });
  if (result.status !== 0) {
    failures++;
    console.log(`### ${script} exited with ${result.status}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
