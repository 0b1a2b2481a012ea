#!/usr/bin/env node
// Builds the native core's C++ tests under AddressSanitizer and UndefinedBehaviorSanitizer and
// runs them. Objects are cached in build/native-tests-asan (or $PRUNELAB_NATIVE_BUILD_DIR).
// Usage: node host/tools/native-tests.mjs [--no-sanitize] [--build-only] [filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildBinary, nativeSources, repoRoot } from './lib/cxx-build.mjs';

const args = process.argv.slice(2);
const sanitize = !args.includes('--no-sanitize');
const buildOnly = args.includes('--build-only');
const filter = args.find((a) => !a.startsWith('--'));
const outDir = process.env.PRUNELAB_NATIVE_BUILD_DIR || join(repoRoot, 'build', sanitize ? 'native-tests-asan' : 'native-tests');

const testSources = readdirSync(join(repoRoot, 'tests/native')).filter((f) => f.endsWith('.cpp')).sort()
  .map((f) => `tests/native/${f}`);
const flags = ['-std=c++17', '-g', '-Wall', '-Wextra', `-I${join(repoRoot, 'entry/src/main/cpp')}`,
  `-DPRUNELAB_REPO_ROOT="${repoRoot}"`];
if (sanitize) flags.push('-O1', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer');
else flags.push('-O2');

const binary = join(outDir, 'prunelab_native_tests');
const ok = await buildBinary({
  label: `native tests${sanitize ? ' (ASan+UBSan)' : ''}`,
  sources: [...nativeSources('core'), ...testSources],
  outDir, output: binary, compileFlags: flags, linkFlags: ['-pthread'],
});
if (!ok) {
  console.log('native: 0 passed, 1 failed (the native tests did not build)');
  process.exit(1);
}
if (buildOnly) process.exit(0);
const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:halt_on_error=1', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' };
const result = spawnSync(binary, filter ? [filter] : [], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
