// `prunelab bench <model.ms> [--runs N] [--warmup N] [--threads T] [--json]`: whole-model latency
// on the native engine: warm-up runs, then N timed runs; min, mean, p50, p90, p99 and std in ms.
import { cpus } from 'node:os';
import { basename } from 'node:path';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseCommandArgs, wholeNumber } from '../args';
import { loadPruner } from '../../native';
import { computeLatencyStats } from '../../../../entry/src/main/ets/core/LatencyStats';
import { loadModel } from '../../platform/files';

const USAGE = `usage: prunelab bench <model.ms> [--runs N] [--warmup N] [--threads T] [--batch B] [--ops] [--json]

Measures the model's latency on the native CPU engine: warm-up runs, then N timed runs of the
whole model, with inputs filled by a fixed deterministic pattern.

  --runs <N>      timed runs (default 20)
  --warmup <N>    untimed runs first (default 3)
  --threads <T>   kernel threads (default 1)
  --batch <B>     run with batch B instead of the model's own
  --ops           also print the mean time of each op (slowest first)
  --json          {"latency": {"minMs","meanMs","p50Ms","p90Ms","p99Ms","stdMs"}, "threads", "runs",
                  "machine", ...} on stdout`;

/** "AMD EPYC x 2": the first CPU's model and the core count. */
export function machineName(): string {
  const list = cpus();
  return `${list[0]?.model?.trim() ?? 'unknown CPU'} x ${list.length}`;
}

export const benchCommand: CliCommand = {
  name: 'bench',
  summary: 'measure a model\'s latency on the native engine (min, mean, p50, p90, p99, std)',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const parsed = parseCommandArgs(argv, {
          runs: { type: 'string', default: '20' },
          warmup: { type: 'string', default: '3' },
          threads: { type: 'string', default: '1' },
          batch: { type: 'string' },
          ops: { type: 'boolean', default: false },
          json: { type: 'boolean', default: false },
        }, USAGE);
    if (parsed.positionals.length !== 1) throw new UsageError(`expected one model file\n\n${USAGE}`);
    const runs = wholeNumber(parsed.values.runs, '--runs', 1, 1000000);
    const warmup = wholeNumber(parsed.values.warmup, '--warmup', 0, 1000000);
    const threads = wholeNumber(parsed.values.threads, '--threads', 1, 64);
    const path = parsed.positionals[0];
    const model = loadModel(path);
    let inputDims: number[][] | undefined;
    if (parsed.values.batch !== undefined) {
      const batch = wholeNumber(parsed.values.batch, '--batch', 1, 1 << 20);
      inputDims = model.summary().inputs.map((t) => (t.dims.length > 0 ? [batch, ...t.dims.slice(1)] : t.dims));
    }
    if (!parsed.values.json) process.stderr.write(`benchmarking ${basename(path)}: ${warmup} warm-up + ${runs} timed runs, ${threads} thread(s)\n`);
    const result = await loadPruner().benchmarkAsync(model, { runs, warmup, threads, inputDims, timeOps: parsed.values.ops });
    const stats = computeLatencyStats(result.timesMs);
    const latency = {
      minMs: stats.minMs, meanMs: stats.meanMs, p50Ms: stats.p50Ms, p90Ms: stats.p90Ms, p99Ms: stats.p99Ms, stdMs: stats.stdMs,
    };
    const opTimes = (result.opTimes ?? []).slice().sort((a, b) => b.ms - a.ms);
    if (parsed.values.json) {
      const report: Record<string, unknown> = {
        latency, threads: result.threads, runs: result.runs, machine: machineName(),
        model: basename(path), warmup: result.warmup, maxMs: stats.maxMs, initMs: result.initMs,
        arenaBytes: result.arenaBytes, inputDims: result.inputDims,
      };
      if (parsed.values.ops) report.opTimes = opTimes;
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return 0;
    }
    const ms = (v: number): string => v.toFixed(3);
    const lines = [
      `model     ${basename(path)}  input ${result.inputDims.map((d) => `[${d.join(',')}]`).join(' ')}`,
      `machine   ${machineName()}, ${result.threads} thread(s)`,
      `runs      ${result.runs} timed after ${result.warmup} warm-up; init ${ms(result.initMs)} ms; activations ${(result.arenaBytes / 1024).toFixed(1)} KiB`,
      `latency   min ${ms(stats.minMs)}  mean ${ms(stats.meanMs)}  p50 ${ms(stats.p50Ms)}  p90 ${ms(stats.p90Ms)}  ` +
        `p99 ${ms(stats.p99Ms)}  std ${ms(stats.stdMs)}  (ms)`,
    ];
    if (parsed.values.ops) {
      const total = opTimes.reduce((s, o) => s + o.ms, 0);
      lines.push('', 'op time (mean per run, slowest first):');
      const width = Math.max(4, ...opTimes.map((o) => o.node.length));
      for (const o of opTimes) {
        const share = total > 0 ? ((100 * o.ms) / total).toFixed(1) : '0.0';
        lines.push(`  ${o.node.padEnd(width)}  ${o.op.padEnd(16)} ${ms(o.ms).padStart(9)} ms  ${share.padStart(5)}%`);
      }
    }
    process.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
