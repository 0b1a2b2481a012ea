#!/usr/bin/env node
// `npm run bench -- prune`: builds host/bench/prune-bench.cpp with the native core at -O3
// -march=native (objects cached in build/prune-bench) and runs it: unstructured pruning of a
// synthetic 10M-parameter model vs a memcpy of the same bytes and vs a full-sort baseline.
//   node host/bench/prune-bench.mjs [runs]
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildBinary, nativeSources, repoRoot } from '../tools/lib/cxx-build.mjs';

const runs = process.argv[2] ?? '11';
const outDir = process.env.PRUNELAB_BENCH_BUILD_DIR || join(repoRoot, 'build', 'prune-bench');
const binary = join(outDir, 'prune-bench');
const ok = await buildBinary({
  label: 'prune bench',
  sources: [...nativeSources('core'), 'host/bench/prune-bench.cpp'],
  outDir,
  output: binary,
  compileFlags: ['-std=c++17', '-O3', '-march=native', '-DNDEBUG', `-I${join(repoRoot, 'entry/src/main/cpp')}`],
  linkFlags: ['-pthread'],
});
if (!ok) {
  console.log('prune bench: the benchmark did not build');
  process.exit(1);
}
const result = spawnSync(binary, [runs], { stdio: 'inherit' });
process.exit(result.status ?? 1);
