#!/usr/bin/env node
// Engine benchmark, everything measured side by side in one run on this machine:
//  (a) GEMM throughput of the engine's blocked kernel vs the textbook triple loop (both C++, in
//      the addon: benchGemm) and vs numpy's float32 matmul, single thread (python3 with
//      OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1; measured once with the environment as it is and,
//      when OPENBLAS_CORETYPE is set, once more without it, labelled). Targets: engine >= 10x the
//      naive loop and >= 25% of numpy.
//  (b) latency (median, p90) of every fixture model the engine runs, at 1 and 2 threads.
// Usage: node host/bench/engine-bench.mjs [--quick]   (PRUNELAB_ADDON picks the addon,
//        PRUNELAB_FIXTURES the model folder)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const { values: flags } = parseArgs({ options: { quick: { type: 'boolean', default: false } }, strict: true });

const addonPath = process.env.PRUNELAB_ADDON ?? join(repoRoot, 'build', 'Release', 'pruner.node');
let pruner;
try {
  pruner = createRequire(import.meta.url)(addonPath);
} catch (error) {
  console.error(`engine-bench: cannot load the native module ${addonPath}: ${error.message}`);
  process.exit(1);
}
const machine = `${cpus()[0]?.model?.trim() ?? 'unknown CPU'} x ${cpus().length}`;
console.log(`engine-bench on ${machine}, node ${process.version}`);

// ---- (a) GEMM ----
const squares = flags.quick ? [128, 256, 512] : [128, 256, 512, 1024];
// Convolution-shaped products of ml_face_isface.ms (im2col rows x out channels x patch) and a FC.
const shapes = [
  ...squares.map((s) => ({ m: s, n: s, k: s, label: `${s}x${s}x${s}` })),
  { m: 2116, n: 16, k: 27, label: 'conv1 2116x16x27' },
  { m: 441, n: 32, k: 144, label: 'conv2 441x32x144' },
  { m: 64, n: 256, k: 1152, label: 'fc5 batch64 64x256x1152' },
];
const repeatsFor = (s) => Math.max(3, Math.min(50, Math.floor(1e9 / (2 * s.m * s.n * s.k))));

function numpyTimes(env) {
  const script = join(here, 'numpy_gemm.py');
  const run = spawnSync('python3', [script, JSON.stringify(shapes.map((s) => [s.m, s.n, s.k]))], {
    encoding: 'utf8', env: { ...env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' },
  });
  if (run.error || run.status !== 0) return { error: run.error ? run.error.message : (run.stderr || 'python3 failed').trim() };
  try {
    return JSON.parse(run.stdout);
  } catch {
    return { error: `unexpected output from numpy_gemm.py: ${run.stdout.slice(0, 200)}` };
  }
}

const numpyAsIs = numpyTimes(process.env);
let numpyNoCoretype = null;
if (process.env.OPENBLAS_CORETYPE !== undefined) {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  numpyNoCoretype = numpyTimes(env);
}

console.log('\n(a) GEMM, float32, C = A(m x k) * B(k x n); GFLOPS = 2mnk / time');
if (numpyAsIs.error) console.log(`    numpy: not measured (${numpyAsIs.error})`);
else console.log(`    numpy ${numpyAsIs.numpy}, 1 thread` + (process.env.OPENBLAS_CORETYPE !== undefined
  ? `; OPENBLAS_CORETYPE=${process.env.OPENBLAS_CORETYPE} is set: numpy is shown as measured and again without it` : ''));
const header = ['shape', 'engine 1t', 'engine 2t', 'naive', 'x naive', 'numpy', 'engine/numpy'];
if (numpyNoCoretype && !numpyNoCoretype.error) header.push('numpy (no CORETYPE)', 'engine/that');
const rows = [];
let worstNaiveRatio = Infinity;
let worstNumpyRatio = Infinity;
shapes.forEach((s, i) => {
  const one = pruner.benchGemm(s.m, s.n, s.k, 1, repeatsFor(s));
  const two = pruner.benchGemm(s.m, s.n, s.k, 2, repeatsFor(s));
  const naiveRatio = one.engineGflops / one.naiveGflops;
  worstNaiveRatio = Math.min(worstNaiveRatio, naiveRatio);
  const row = [s.label, one.engineGflops.toFixed(2), two.engineGflops.toFixed(2), one.naiveGflops.toFixed(2), `${naiveRatio.toFixed(1)}x`];
  if (!numpyAsIs.error) {
    const np = numpyAsIs.results[i].gflops;
    worstNumpyRatio = Math.min(worstNumpyRatio, one.engineGflops / np);
    row.push(np.toFixed(2), `${((100 * one.engineGflops) / np).toFixed(0)}%`);
  } else {
    row.push('-', '-');
  }
  if (numpyNoCoretype && !numpyNoCoretype.error) {
    const np = numpyNoCoretype.results[i].gflops;
    row.push(np.toFixed(2), `${((100 * one.engineGflops) / np).toFixed(0)}%`);
  }
  if (one.maxAbsDiff > 1e-2) row.push(`(max diff ${one.maxAbsDiff.toExponential(1)}!)`);
  rows.push(row);
});
printTable(header, rows);
console.log(`    engine vs naive: worst ${worstNaiveRatio.toFixed(1)}x (target >= 10x)` +
  (Number.isFinite(worstNumpyRatio) ? `; engine vs numpy (as measured): worst ${(100 * worstNumpyRatio).toFixed(0)}% (target >= 25%)` : ''));

// ---- (b) models ----
const fixtures = process.env.PRUNELAB_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures', 'ms');
console.log('\n(b) model latency on the engine (ms; inputs filled deterministically; warm-up 5)');
if (!existsSync(fixtures)) {
  console.log(`    fixtures not found at ${fixtures}: skipped`);
} else {
  const runs = flags.quick ? 20 : 50;
  const models = ['ml_face_isface.ms', 'lenet_tod_infer.ms', 'parallel.ms', 'two_add_operators.ms', 'lenet_train.ms', 'conv_train_model.ms'];
  const modelRows = [];
  const notRun = [];
  for (const file of models) {
    const path = join(fixtures, file);
    if (!existsSync(path)) continue;
    const bytes = readFileSync(path);
    const model = pruner.Model.fromBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const row = [file];
    let input = '';
    try {
      for (const threads of [1, 2]) {
        // Fewer runs for the large two_add_operators model keep the whole script short.
        const n = file === 'two_add_operators.ms' ? Math.min(runs, 15) : runs;
        const result = await pruner.benchmarkAsync(model, { runs: n, warmup: 5, threads });
        const sorted = result.timesMs.slice().sort((a, b) => a - b);
        row.push(percentile(sorted, 50).toFixed(3), percentile(sorted, 90).toFixed(3));
        input = result.inputDims.map((d) => `[${d.join(',')}]`).join(' ');
      }
      row.push(input);
      modelRows.push(row);
    } catch (error) {
      notRun.push(`    ${file}: not run: ${error.code}: ${error.message}`);
    }
  }
  printTable(['model', 'p50 1t', 'p90 1t', 'p50 2t', 'p90 2t', 'input'], modelRows);
  for (const line of notRun) console.log(line);
}

// Nearest-rank percentile of ascending samples (as the shared LatencyStats core computes it).
function percentile(sorted, p) {
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

function printTable(head, body) {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells) => '    ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  console.log(line(head));
  for (const r of body) console.log(line(r));
}
