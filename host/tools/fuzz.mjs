#!/usr/bin/env node
// Builds the libFuzzer target of the .ms reader (entry/src/main/cpp/fuzz/ms_reader_fuzzer.cpp)
// with clang++ -fsanitize=fuzzer,address,undefined and runs it for N seconds, seeded with the
// shared fixtures. New inputs go to a work corpus in the output folder (the fixtures are only
// read); a crash leaves its input there as crash-* and exits non-zero.
// Usage: node host/tools/fuzz.mjs [--seconds N] [--out DIR]
//   (default 60 s; DIR defaults to $PRUNELAB_FUZZ_DIR or build/fuzz)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildBinary, nativeSources, repoRoot } from './lib/cxx-build.mjs';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '60' }, out: { type: 'string' } },
  strict: true,
});
const seconds = Number(values.seconds);
if (!Number.isInteger(seconds) || seconds <= 0) {
  console.error('fuzz: --seconds must be a positive whole number');
  process.exit(2);
}
const outDir = resolve(values.out ?? process.env.PRUNELAB_FUZZ_DIR ?? join(repoRoot, 'build', 'fuzz'));

const clang = process.env.CXX && process.env.CXX.includes('clang') ? process.env.CXX : 'clang++';
if (spawnSync(clang, ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.log(`fuzz: ${clang} is not installed, so the libFuzzer target cannot be built (libFuzzer ships with clang).`);
  console.log('fuzz: install it (Debian: apt-get install -y clang) and run again. Nothing was fuzzed.');
  process.exit(0);
}

// The reader needs only the codec and the graph IR (and common/): other layers stay out.
const sources = nativeSources('core').filter((s) => /\/cpp\/(common|graph|ms)\//.test(s));
sources.push('entry/src/main/cpp/fuzz/ms_reader_fuzzer.cpp');
process.env.CXX = clang;
const binary = join(outDir, 'ms_reader_fuzzer');
const built = await buildBinary({
  label: 'ms reader fuzzer',
  sources,
  outDir,
  output: binary,
  compileFlags: ['-std=c++17', '-g', '-O1', '-fsanitize=fuzzer,address,undefined', '-fno-sanitize-recover=all',
    '-fno-omit-frame-pointer', `-I${join(repoRoot, 'entry/src/main/cpp')}`],
  linkFlags: ['-pthread'],
});
if (!built) {
  console.log('fuzz: the fuzzer did not build');
  process.exit(1);
}

const corpus = join(outDir, 'corpus');
mkdirSync(corpus, { recursive: true });
const seeds = [process.env.PRUNELAB_FIXTURES, join(repoRoot, '..', 'shared', 'fixtures', 'ms')]
  .find((dir) => dir && existsSync(dir));
const dirs = [corpus];
if (seeds) dirs.push(seeds);
else console.log('fuzz: shared fixtures not found; starting from an empty corpus');

console.log(`fuzz: running ${binary} for ${seconds} s (corpus ${corpus}${seeds ? ` + seeds ${seeds}` : ''})`);
const result = spawnSync(binary, [
  `-max_total_time=${seconds}`, '-timeout=20', '-rss_limit_mb=2560', '-print_final_stats=1',
  `-artifact_prefix=${outDir}/`, ...dirs,
], { stdio: 'inherit', env: { ...process.env, ASAN_OPTIONS: 'detect_leaks=1', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' } });
const crashes = readdirSync(outDir).filter((f) => /^(crash|leak|timeout|oom)-/.test(f));
if (result.status !== 0 || crashes.length > 0) {
  console.log(`fuzz: FAILED (exit ${result.status}); inputs: ${crashes.map((f) => join(outDir, f)).join(', ') || 'none saved'}`);
  process.exit(1);
}
console.log(`fuzz: ${seconds} s, no crash; corpus now ${readdirSync(corpus).length} inputs`);
