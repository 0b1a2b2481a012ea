// `prunelab demo [model.ms]`: the main job end to end on one model: load, prune a copy
// (structured by default), write it, read the written file back, check the pruned model against
// the original on the same inputs, time both side by side, and print the comparison table
// (a report folder keeps the pruned model, report.json and report.md).
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseCommandArgs, realNumber, wholeNumber } from '../args';
import { loadPruner, repoRoot } from '../../native';
import type { BenchmarkResult, Model, ModelSummary, PruneMethod, PrunePlan, PruneReport } from '../../../../entry/src/main/cpp/types/libpruner/Index';
import { computeLatencyStats, LatencyStats } from '../../../../entry/src/main/ets/core/LatencyStats';
import { buildComparison, ModelMeasurement, renderComparisonMarkdown, renderComparisonText } from '../../../../entry/src/main/ets/core/ComparisonReport';
import { readFileOrThrow, toArrayBuffer, writeFileAtomic } from '../../platform/files';
import { machineName } from './bench';

const DEFAULT_FIXTURE = 'ml_face_isface.ms';

const USAGE = `usage: prunelab demo [model.ms] [--method structured|unstructured|nm] [--sparsity S]
                     [--runs N] [--threads T] [--samples K] [--out DIR] [--json]

The main job on one model: prune a copy, write it, read it back, compare it with the original on
the same inputs, time both side by side on the native engine, and print the comparison table
(size, parameters, non-zeros, MACs, p50 latency, compression, MAC speedup, measured speedup).

  model.ms        default: ${DEFAULT_FIXTURE} from the shared fixtures
                  ($PRUNELAB_FIXTURES or ../shared/fixtures/ms)
  --method        structured (default: removes L1-weakest channels), unstructured (magnitude),
                  nm (2:4)
  --sparsity S    share of prunable channels / weights to remove (default 0.5)
  --runs N        timed runs per model (default 30, after 5 warm-up runs)
  --threads T     engine threads (default 1)
  --samples K     deterministic inputs for the output check (default 16)
  --out DIR       report folder (default reports/demo-<time>)
  --json          print the report as JSON on stdout

Accuracy needs a validation set for the model; until one is bundled the table shows n/a and the
demo reports how closely the pruned model's outputs follow the original's instead.`;

interface OutputAgreement {
  samples: number;
  top1Agreement: number;
  maxAbsDiff: number;
}

function fixturePath(): string {
  const dir = process.env.PRUNELAB_FIXTURES ?? join(repoRoot(), '..', 'shared', 'fixtures', 'ms');
  return join(dir, DEFAULT_FIXTURE);
}

function progress(step: number, total: number, text: string): void {
  process.stderr.write(`[${step}/${total}] ${text}\n`);
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** A seeded uniform stream in [-1, 1): the same inputs for both models and every run. */
function deterministicInput(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out[i] = state / 2147483648 - 1;
  }
  return out;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function elementCount(dims: number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Runs both models on the same deterministic inputs; null when the engine cannot run them. */
function compareOutputs(original: Model, pruned: Model, summary: ModelSummary, samples: number): OutputAgreement | null {
  const pruner = loadPruner();
  if (summary.inputs.some((t) => t.dtype !== 'float32' || t.dims.some((d) => d <= 0))) return null;
  let agree = 0;
  let maxAbsDiff = 0;
  for (let s = 0; s < samples; s++) {
    const inputs = summary.inputs.map((t, i) => deterministicInput(elementCount(t.dims), 1000 * s + i + 1));
    const a = pruner.runModel(original, inputs).outputs[0].data;
    const b = pruner.runModel(pruned, inputs).outputs[0].data;
    if (a.length !== b.length) throw new Error(`the pruned model's output has ${b.length} values, the original's ${a.length}`);
    if (argmax(a) === argmax(b)) agree++;
    for (let i = 0; i < a.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(a[i] - b[i]));
  }
  return { samples, top1Agreement: agree / samples, maxAbsDiff };
}

/** Times both models in alternating rounds so drift of the machine hits both alike. */
async function benchmarkSideBySide(models: Model[], runs: number, threads: number): Promise<LatencyStats[]> {
  const pruner = loadPruner();
  const rounds = 3;
  const perRound = Math.max(1, Math.ceil(runs / rounds));
  const samples: number[][] = models.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let m = 0; m < models.length; m++) {
      const result: BenchmarkResult = await pruner.benchmarkAsync(models[m], { runs: perRound, warmup: round === 0 ? 5 : 1, threads });
      samples[m].push(...result.timesMs);
    }
  }
  return samples.map((s) => computeLatencyStats(s));
}

function measurement(label: string, summary: ModelSummary, fileBytes: number, latency: LatencyStats | null): ModelMeasurement {
  return { label, fileBytes, params: summary.params, nonzeros: summary.nonzeros, macs: summary.macs, latency, accuracy: null };
}

export const demoCommand: CliCommand = {
  name: 'demo',
  summary: 'the main job: prune a model, check and time it against the original, print the comparison',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const parsed = parseCommandArgs(argv, {
          method: { type: 'string', default: 'structured' },
          sparsity: { type: 'string', default: '0.5' },
          runs: { type: 'string', default: '30' },
          threads: { type: 'string', default: '1' },
          samples: { type: 'string', default: '16' },
          out: { type: 'string' },
          json: { type: 'boolean', default: false },
        }, USAGE);
    if (parsed.positionals.length > 1) throw new UsageError(`expected at most one model file\n\n${USAGE}`);
    const method = parsed.values.method as PruneMethod;
    if (!['structured', 'unstructured', 'nm'].includes(method)) {
      throw new UsageError(`--method must be structured, unstructured or nm, not '${parsed.values.method}'`);
    }
    const sparsity = realNumber(parsed.values.sparsity, '--sparsity', 0, 0.99);
    const runs = wholeNumber(parsed.values.runs, '--runs', 1, 100000);
    const threads = wholeNumber(parsed.values.threads, '--threads', 1, 64);
    const samples = wholeNumber(parsed.values.samples, '--samples', 1, 10000);
    let modelPath = parsed.positionals[0];
    if (modelPath === undefined) {
      modelPath = fixturePath();
      if (!existsSync(modelPath)) {
        throw new UsageError(`no model given and the default ${modelPath} is absent: run \`prunelab demo <model.ms>\``);
      }
    }
    const outDir = resolve(parsed.values.out ?? join('reports', `demo-${timestamp()}`));
    const pruner = loadPruner();
    const steps = 5;

    progress(1, steps, `loading ${modelPath}`);
    const originalBytes = readFileOrThrow(modelPath, 'model');
    const original = pruner.Model.fromBuffer(toArrayBuffer(originalBytes));
    const originalSummary = original.summary();

    const plan: PrunePlan = method === 'nm' ? { method, n: 2, m: 4 } : { method, sparsity };
    progress(2, steps, method === 'nm' ? 'pruning a copy 2:4 (magnitude)' : `pruning a copy: ${method}, sparsity ${sparsity} (${method === 'structured' ? 'L1 channels' : 'weight magnitude'})`);
    const working = original.clone();
    const report: PruneReport = pruner.pruneModel(working, plan);

    mkdirSync(outDir, { recursive: true });
    const prunedPath = join(outDir, `${basename(modelPath, '.ms')}.pruned.ms`);
    progress(3, steps, `writing ${prunedPath} and reading it back`);
    writeFileAtomic(prunedPath, new Uint8Array(working.toBuffer()));
    const prunedBytes = readFileOrThrow(prunedPath, 'pruned model');
    const pruned = pruner.Model.fromBuffer(toArrayBuffer(prunedBytes));
    const prunedSummary = pruned.summary();

    progress(4, steps, `comparing outputs on ${samples} deterministic inputs`);
    const notes: string[] = [...report.notes];
    let agreement: OutputAgreement | null = null;
    let latencies: LatencyStats[] | null = null;
    try {
      agreement = compareOutputs(original, pruned, originalSummary, samples);
      if (agreement === null) notes.push('outputs not compared: the model has non-float or dynamic inputs');
      progress(5, steps, `timing both models side by side: ${runs} runs each, ${threads} thread(s)`);
      latencies = await benchmarkSideBySide([original, pruned], runs, threads);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== 'UNSUPPORTED_OP' && code !== 'UNSUPPORTED') throw error;
      notes.push(`not run on the engine: ${(error as Error).message}`);
    }

    const rows = buildComparison([
      measurement('original', originalSummary, originalBytes.byteLength, latencies === null ? null : latencies[0]),
      measurement(method === 'nm' ? 'pruned 2:4' : `pruned ${method} ${sparsity}`, prunedSummary, prunedBytes.byteLength,
        latencies === null ? null : latencies[1]),
    ]);
    notes.push('accuracy: n/a (no validation set is bundled for this model yet)');
    if (method !== 'structured') {
      notes.push('zeroed weights keep the file size and the dense MAC count: only removed channels shrink them');
    }
    const machine = machineName();
    const json = {
      model: modelPath,
      prunedModel: prunedPath,
      machine,
      plan,
      comparison: rows,
      outputAgreement: agreement,
      report,
      notes,
    };
    const text = [
      `PruneLab demo: ${basename(modelPath)} (${originalSummary.nodeCount} nodes, ${originalSummary.version})`,
      `machine: ${machine}; latency = p50 of ${runs} runs per model, ${threads} thread(s), measured side by side`,
      '',
      renderComparisonText(rows),
      '',
      agreement === null ? 'outputs: not compared' :
        `outputs: top-1 agreement with the original ${(agreement.top1Agreement * 100).toFixed(1)}% on ${agreement.samples} deterministic inputs, max |diff| ${agreement.maxAbsDiff.toPrecision(3)}`,
      method === 'structured' ? `channels removed: ${report.removedChannels} of ${report.prunableChannels} prunable` :
        `weights zeroed: ${report.prunableZerosAfter} of ${report.prunableWeights} prunable (${(report.achievedSparsity * 100).toFixed(1)}%)`,
      ...notes.map((n) => `note: ${n}`),
      '',
      `report: ${outDir}`,
    ].join('\n');
    const markdown = [
      `# PruneLab demo: ${basename(modelPath)}`,
      '',
      `Machine: ${machine}. Latency: p50 of ${runs} runs per model on the native engine, ${threads} thread(s), the two models timed in alternating rounds.`,
      '',
      renderComparisonMarkdown(rows),
      '',
      ...text.split('\n').slice(rows.length + 5).filter((l) => l !== '' && !l.startsWith('report:')).map((l) => `- ${l}`),
      '',
    ].join('\n');
    writeFileAtomic(join(outDir, 'report.json'), JSON.stringify(json, null, 2) + '\n');
    writeFileAtomic(join(outDir, 'report.md'), markdown);
    process.stdout.write((parsed.values.json ? JSON.stringify(json, null, 2) : text) + '\n');
    return 0;
  },
};
