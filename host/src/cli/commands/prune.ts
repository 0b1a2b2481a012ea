// `prunelab prune <in.ms> -o <out.ms> ...`: prunes a copy of a model and writes it. The input
// file is never touched; the output appears only when everything succeeded (written to a
// temporary name in the same folder, then renamed).
import { gunzipSync } from 'node:zlib';
import { parseCommandArgs } from '../args';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { loadPruner } from '../../native';
import { readFileOrThrow, samePath, toArrayBuffer, writeFileAtomic } from '../../platform/files';
import type { PruneLayerReport, PrunePlan, PruneReport } from '../../../../entry/src/main/cpp/types/libpruner/Index';

const USAGE = `usage: prunelab prune <in.ms> -o <out.ms> --method unstructured|nm|structured
                      [--criterion magnitude|l1|l2|activation|apoz|taylor|random]
                      (--sparsity S | --threshold T) [--scope layer|global]
                      [--layers a,b] [--exclude c] [--n 2 --m 4] [--round-to N]
                      [--data <dataset>] [--prune-first-conv] [--prune-last-layer] [--seed N] [--json]

Prunes a copy of a MindSpore Lite model and writes it to <out.ms> (never over the input).

  --method       unstructured: zero single weights; nm: keep n of every m weights along the
                 input dimension (2:4 by default); structured: remove whole output channels and
                 everything coupled to them, giving a smaller model
  --criterion    magnitude (default for unstructured/nm), l1 (default for structured), l2,
                 activation (mean |a| per channel), apoz (share of zeros after ReLU), random;
                 activation and apoz run the model on --data; taylor needs gradients, which
                 the project cannot compute yet
  --sparsity     share of the chosen weights (or channels) to remove, in [0, 1)
  --threshold    remove what scores strictly below T instead
  --scope        layer (default): every layer loses the same share; global: one ranking
  --layers       prune only these layers (node names, comma-separated)
  --exclude      never prune these layers
  --n, --m       N:M pattern (default 2 and 4)
  --round-to     structured: keep channel counts multiples of N
  --data         calibration samples for activation / apoz: an IDX file (e.g. Fashion-MNIST
                 images, .gz accepted; unsigned bytes are scaled to [0, 1]) or a raw
                 little-endian float32 file of N samples, each the model input's element count
                 without the batch dim, in the layout the model takes (NHWC)
  --samples      use at most this many samples of --data (default 256)
  --prune-first-conv, --prune-last-layer
                 by default the first convolution and the last layer (the classifier) stay whole
  --seed         seed of the random criterion (default 1)
  --json         print the pruning report as JSON on stdout

Exit codes: 0 ok, 2 bad input (nothing is written), 1 internal error.`;

function parseNumber(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^nan$/i.test(text.trim())) return NaN;  // the native check says what is wrong with NaN
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new UsageError(`--${option} must be a number, got '${text}'`);
  return value;
}

function parseInteger(option: string, text: string | undefined): number | undefined {
  const value = parseNumber(option, text);
  if (value !== undefined && !Number.isInteger(value)) throw new UsageError(`--${option} must be a whole number, got '${text}'`);
  return value;
}

const splitNames = (values: string[] | undefined): string[] | undefined =>
  values === undefined ? undefined : values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');

// IDX (big-endian header: 0, 0, type, ndims, dims...) or raw float32.
export function readCalibrationData(path: string, limit: number, perSample: number): Float32Array {
  let bytes = readFileOrThrow(path, 'dataset');
  if (path.endsWith('.gz')) bytes = gunzipSync(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isIdx = bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && [0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e].includes(bytes[2]) &&
    bytes[3] >= 1 && bytes.length >= 4 + 4 * bytes[3];
  let values: Float32Array;
  if (isIdx) {
    const type = bytes[2];
    const rank = bytes[3];
    const dims: number[] = [];
    for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
    const count = dims.reduce((a, b) => a * b, 1);
    const size = { 0x08: 1, 0x09: 1, 0x0b: 2, 0x0c: 4, 0x0d: 4, 0x0e: 8 }[type] as number;
    const start = 4 + 4 * rank;
    if (bytes.length < start + count * size) throw new UsageError(`${path}: the IDX file is shorter than its header says`);
    const sampleSize = count / Math.max(1, dims[0]);
    if (sampleSize !== perSample) {
      throw new UsageError(`${path}: IDX samples have ${sampleSize} values, the model input takes ${perSample}`);
    }
    const take = Math.min(dims[0], limit) * sampleSize;
    values = new Float32Array(take);
    for (let i = 0; i < take; i++) {
      const at = start + i * size;
      values[i] = type === 0x08 ? bytes[at] / 255 : type === 0x09 ? view.getInt8(at) / 127 : type === 0x0b ? view.getInt16(at, false)
        : type === 0x0c ? view.getInt32(at, false) : type === 0x0d ? view.getFloat32(at, false) : view.getFloat64(at, false);
    }
  } else {
    if (bytes.length % 4 !== 0) throw new UsageError(`${path}: a raw float32 dataset must be a multiple of 4 bytes long`);
    const all = new Float32Array(bytes.length / 4);
    for (let i = 0; i < all.length; i++) all[i] = view.getFloat32(4 * i, true);
    if (all.length % perSample !== 0) {
      throw new UsageError(`${path}: ${all.length} floats are not a whole number of samples of ${perSample} (the model input without its batch dim)`);
    }
    values = all.subarray(0, Math.min(all.length / perSample, limit) * perSample);
  }
  if (values.length === 0) throw new UsageError(`${path}: the dataset holds no samples`);
  return values;
}

const group = (n: number): string => n.toLocaleString('en-US');
const change = (a: number, b: number): string => (a === b ? group(a) : `${group(a)} -> ${group(b)}`);

function table(header: string[], rows: string[][], right: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function formatReport(r: PruneReport, input: string, output: string, inBytes: number, outBytes: number): string {
  const target = r.sparsity !== undefined ? `sparsity ${r.sparsity}` : r.threshold !== undefined ? `threshold ${r.threshold}` : `${r.n}:${r.m}`;
  const lines = [
    `pruned     ${input} -> ${output}`,
    `plan       ${r.method}, ${r.criterion}, ${target}, scope ${r.scope}`,
    `file       ${change(inBytes, outBytes)} bytes`,
    `params     ${change(r.before.params, r.after.params)}`,
    `non-zeros  ${change(r.before.nonzeros, r.after.nonzeros)}`,
    `MACs       ${change(r.before.macs, r.after.macs)}` +
      (r.after.macs > 0 && r.after.macs < r.before.macs ? ` (${(r.before.macs / r.after.macs).toFixed(2)}x fewer)` : ''),
  ];
  if (r.method === 'structured') {
    lines.push(`channels   ${group(r.removedChannels)} of ${group(r.prunableChannels)} prunable channels removed`);
  } else {
    lines.push(`sparsity   ${(100 * r.achievedSparsity).toFixed(2)}% of ${group(r.prunableWeights)} prunable weights are zero`);
  }
  for (const note of r.notes) lines.push(`note       ${note}`);
  lines.push('');
  const rows = r.layers.map((l: PruneLayerReport) => [
    l.name, l.op, l.chosen ? 'yes' : 'no', change(l.outChannelsBefore, l.outChannelsAfter),
    change(l.paramsBefore, l.paramsAfter), group(l.nonzerosAfter), change(l.macsBefore, l.macsAfter),
    r.method === 'structured' ? String(l.removedChannels.length) : group(l.zeroed), l.note,
  ]);
  lines.push(...table(['layer', 'op', 'chosen', 'out ch', 'params', 'non-zeros', 'MACs',
    r.method === 'structured' ? 'removed' : 'zeroed', 'note'], rows, new Set([3, 4, 5, 6, 7])));
  const unprunable = r.groups.filter((g) => !g.prunable);
  if (r.method === 'structured' && unprunable.length > 0) {
    lines.push('', 'channel groups left whole:');
    for (const g of unprunable) lines.push(`  ${g.roots.join(' + ')}: ${g.reason}`);
  }
  return lines.join('\n');
}

export const pruneCommand: CliCommand = {
  name: 'prune',
  summary: 'prune a model (unstructured, N:M or structured) and write the result',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const parsed = parseCommandArgs(argv, {
      output: { type: 'string', short: 'o' },
      method: { type: 'string' },
      criterion: { type: 'string' },
      sparsity: { type: 'string' },
      threshold: { type: 'string' },
      scope: { type: 'string' },
      layers: { type: 'string', multiple: true },
      exclude: { type: 'string', multiple: true },
      n: { type: 'string' },
      m: { type: 'string' },
      'round-to': { type: 'string' },
      data: { type: 'string' },
      samples: { type: 'string' },
      'prune-first-conv': { type: 'boolean', default: false },
      'prune-last-layer': { type: 'boolean', default: false },
      seed: { type: 'string' },
      json: { type: 'boolean', default: false },
    }, USAGE);
    const v = parsed.values;
    if (parsed.positionals.length !== 1) throw new UsageError(`expected one input model\n\n${USAGE}`);
    const input = parsed.positionals[0];
    if (v.output === undefined) throw new UsageError(`-o <out.ms> is required\n\n${USAGE}`);
    if (v.method === undefined) throw new UsageError(`--method is required (unstructured, nm or structured)\n\n${USAGE}`);
    const output = v.output;
    if (samePath(input, output)) throw new UsageError(`refusing to write over the input model ${input}: choose another -o`);

    const plan: PrunePlan = { method: v.method as PrunePlan['method'] };
    if (v.criterion !== undefined) plan.criterion = v.criterion as PrunePlan['criterion'];
    const sparsity = parseNumber('sparsity', v.sparsity);
    const threshold = parseNumber('threshold', v.threshold);
    if (sparsity !== undefined) plan.sparsity = sparsity;
    if (threshold !== undefined) plan.threshold = threshold;
    if (v.method !== 'nm' && sparsity === undefined && threshold === undefined) {
      throw new UsageError('give --sparsity S or --threshold T');
    }
    if (v.scope !== undefined) plan.scope = v.scope as PrunePlan['scope'];
    const layers = splitNames(v.layers);
    const exclude = splitNames(v.exclude);
    if (layers !== undefined) plan.layers = layers;
    if (exclude !== undefined) plan.exclude = exclude;
    const n = parseInteger('n', v.n);
    const m = parseInteger('m', v.m);
    const roundTo = parseInteger('round-to', v['round-to']);
    const seed = parseInteger('seed', v.seed);
    if (n !== undefined) plan.n = n;
    if (m !== undefined) plan.m = m;
    if (roundTo !== undefined) plan.roundTo = roundTo;
    if (seed !== undefined) plan.seed = seed;
    if (v['prune-first-conv']) plan.keepFirstConv = false;
    if (v['prune-last-layer']) plan.keepLastLayer = false;

    const inputBytes = readFileOrThrow(input, 'model');
    const { Model, pruneModel } = loadPruner();
    const model = Model.fromBuffer(toArrayBuffer(inputBytes));
    if (v.data !== undefined) {
      const summary = model.summary();
      if (summary.inputs.length !== 1) throw new UsageError('--data feeds one graph input; this model has ' + summary.inputs.length);
      const perSample = summary.inputs[0].dims.slice(1).reduce((a, b) => a * b, 1);
      const limit = parseInteger('samples', v.samples) ?? 256;
      if (limit < 1) throw new UsageError('--samples must be at least 1');
      plan.samples = readCalibrationData(v.data, limit, perSample);
      process.stderr.write(`calibrating on ${plan.samples.length / perSample} samples of ${v.data}\n`);
    }
    const pruned = model.clone();
    const report = pruneModel(pruned, plan);
    const outBytes = new Uint8Array(pruned.toBuffer());
    writeFileAtomic(output, outBytes);
    if (v.json) {
      process.stdout.write(JSON.stringify({ input, output, inputBytes: inputBytes.length, outputBytes: outBytes.length, ...report }, null, 2) + '\n');
    } else {
      process.stdout.write(formatReport(report, input, output, inputBytes.length, outBytes.length) + '\n');
    }
    return 0;
  },
};
