#!/usr/bin/env node
// Builds the native core's C++ tests under AddressSanitizer and UndefinedBehaviorSanitizer and
// runs them. Objects are cached in build/native-tests (rebuilt when a source or header changes).
// Usage: node host/tools/native-tests.mjs [--no-sanitize] [--build-only] [filter]
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const sanitize = !args.includes('--no-sanitize');
const buildOnly = args.includes('--build-only');
const filter = args.find((a) => !a.startsWith('--'));
const outDir = join(root, 'build', sanitize ? 'native-tests-asan' : 'native-tests');
const objDir = join(outDir, 'obj');
mkdirSync(objDir, { recursive: true });

const coreSources = spawnSync(process.execPath, [join(root, 'host/tools/native-sources.mjs'), 'core'], { encoding: 'utf8' })
  .stdout.split('\n').filter(Boolean);
const testSources = readdirSync(join(root, 'tests/native')).filter((f) => f.endsWith('.cpp')).sort()
  .map((f) => `tests/native/${f}`);
const sources = [...coreSources, ...testSources];

const cxx = process.env.CXX || 'g++';
const flags = ['-std=c++17', '-g', '-Wall', '-Wextra', `-I${join(root, 'entry/src/main/cpp')}`,
  `-DPRUNELAB_REPO_ROOT="${root}"`, '-DPRUNELAB_NATIVE_TESTS=1'];
if (sanitize) flags.push('-O1', '-fsanitize=address,undefined', '-fno-sanitize-recover=all', '-fno-omit-frame-pointer');
else flags.push('-O2');

// True when the object is older than its source or any header it depended on last time.
function stale(obj, dep, src) {
  if (!existsSync(obj) || !existsSync(dep)) return true;
  const built = statSync(obj).mtimeMs;
  const deps = readFileSync(dep, 'utf8').replace(/\\\n/g, ' ').split(/\s+/).slice(1).filter((p) => p && !p.endsWith(':'));
  return [src, ...deps].some((p) => !existsSync(p) || statSync(p).mtimeMs > built);
}

function run(cmd, argv) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const jobs = sources.map((src) => {
  const base = src.replace(/[/.]/g, '_');
  return { src: join(root, src), obj: join(objDir, `${base}.o`), dep: join(objDir, `${base}.d`) };
});
const todo = jobs.filter((j) => stale(j.obj, j.dep, j.src));
const parallel = Math.max(1, cpus().length);
let failed = false;
if (todo.length > 0) console.log(`native tests: compiling ${todo.length} of ${jobs.length} files${sanitize ? ' with ASan+UBSan' : ''}`);
for (let i = 0; i < todo.length; i += parallel) {
  const codes = await Promise.all(todo.slice(i, i + parallel).map((j) =>
    run(cxx, [...flags, '-MMD', '-MF', j.dep, '-c', j.src, '-o', j.obj])));
  if (codes.some((c) => c !== 0)) { failed = true; break; }
}
if (failed) {
  console.log('native: 0 passed, 1 failed (the native tests did not compile)');
  process.exit(1);
}
const binary = join(outDir, 'prunelab_native_tests');
const newest = Math.max(...jobs.map((j) => statSync(j.obj).mtimeMs));
if (!existsSync(binary) || statSync(binary).mtimeMs < newest) {
  const code = await run(cxx, [...flags, ...jobs.map((j) => j.obj), '-pthread', '-o', binary]);
  if (code !== 0) {
    console.log('native: 0 passed, 1 failed (the native tests did not link)');
    process.exit(1);
  }
}
if (buildOnly) process.exit(0);
const env = { ...process.env, ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:halt_on_error=1', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1' };
const result = spawnSync(binary, filter ? [filter] : [], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
