// `prunelab run <model.ms> --input <file> ... [--input-layout nchw|nhwc] [--json]`: runs a model on
// the native engine with inputs read as raw little-endian float32 files, in graph-input order.
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseCommandArgs, wholeNumber } from '../args';
import { loadPruner } from '../../native';
import { loadModel, readFileOrThrow } from '../../platform/files';
import type { Model, OutputTensor, TensorInfo } from '../../../../entry/src/main/cpp/types/libpruner/Index';

const USAGE = `usage: prunelab run <model.ms> --input <file> [--input <file> ...] [--input-layout nchw|nhwc]
                    [--threads T] [--json]

Runs the model on the native CPU engine and prints its outputs.

  --input <file>          raw little-endian float32 values of one graph input; give one per
                          input, in graph-input order. A file holding a whole multiple of one
                          sample runs that many samples as one batch.
  --input-layout <l>      nhwc (default): files are in the model's own layout; nchw: 4-D inputs
                          are stored [N,C,H,W] and are transposed to the model's NHWC
  --threads <T>           kernel threads (default 1)
  --json                  {"outputs":[{"name","dims","data":[...]}]} on stdout

Exit codes: 0 ok, 2 bad input (wrong sizes, unsupported op, training graph), 1 internal error.`;

/** The file's float32 values (a copy, little-endian on every host). */
export function readFloat32File(path: string): Float32Array {
  const bytes = readFileOrThrow(path);
  if (bytes.byteLength % 4 !== 0) {
    throw new UsageError(`${path} holds ${bytes.byteLength} bytes, not a whole number of float32 values`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(bytes.byteLength / 4);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(4 * i, true);
  return values;
}

/** [N,C,H,W] -> [N,H,W,C] for a 4-D NHWC shape [n, h, w, c]. */
export function nchwToNhwc(values: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(values.length);
  const plane = h * w;
  for (let b = 0; b < n; b++) {
    const base = b * c * plane;
    for (let ch = 0; ch < c; ch++) {
      for (let p = 0; p < plane; p++) out[base + p * c + ch] = values[base + ch * plane + p];
    }
  }
  return out;
}

const product = (dims: number[]): number => dims.reduce((a, b) => a * b, 1);

/**
 * The dims to run an input with: its own, or with a larger batch when the data holds a whole
 * multiple of one sample. Sizes that fit neither are left for the engine to report.
 */
export function dimsForData(info: TensorInfo, count: number): number[] {
  const dims = info.dims.slice();
  if (dims.length === 0 || count === product(dims)) return dims;
  const sample = product(dims.slice(1));
  if (sample > 0 && count % sample === 0 && count > 0) dims[0] = count / sample;
  return dims;
}

function describe(output: OutputTensor): string {
  const values = Array.from(output.data);
  const shown = values.slice(0, 16).map((v) => Number(v.toPrecision(6)).toString());
  const lines = [`${output.name} [${output.dims.join(',')}]: ${shown.join(' ')}${values.length > 16 ? ` ... (${values.length} values)` : ''}`];
  if (values.length > 16) {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    for (const v of values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    lines.push(`  min ${min.toPrecision(6)}, max ${max.toPrecision(6)}, mean ${(sum / values.length).toPrecision(6)}`);
  }
  return lines.join('\n');
}

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'run a model on the native engine with raw float32 input files',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const parsed = parseCommandArgs(argv, {
          input: { type: 'string', multiple: true },
          'input-layout': { type: 'string', default: 'nhwc' },
          threads: { type: 'string', default: '1' },
          json: { type: 'boolean', default: false },
        }, USAGE);
    if (parsed.positionals.length !== 1) throw new UsageError(`expected one model file\n\n${USAGE}`);
    const layout = parsed.values['input-layout'];
    if (layout !== 'nchw' && layout !== 'nhwc') throw new UsageError(`--input-layout must be nchw or nhwc, not '${layout}'`);
    const threads = wholeNumber(parsed.values.threads, '--threads', 1, 64);
    const files = parsed.values.input ?? [];
    const model = loadModel(parsed.positionals[0]);
    const inputsInfo = model.summary().inputs;
    if (files.length !== inputsInfo.length) {
      const names = inputsInfo.map((t) => `${t.name} [${t.dims.join(',')}]`).join(', ');
      throw new UsageError(`the model has ${inputsInfo.length} input(s) (${names}); ${files.length} --input file(s) given`);
    }
    const inputs: Float32Array[] = [];
    const inputDims: number[][] = [];
    files.forEach((file, i) => {
      let values = readFloat32File(file);
      const dims = dimsForData(inputsInfo[i], values.length);
      if (layout === 'nchw' && dims.length === 4 && values.length === product(dims)) {
        values = nchwToNhwc(values, dims[0], dims[1], dims[2], dims[3]);
      }
      inputs.push(values);
      inputDims.push(dims);
    });
    const result = loadPruner().runModel(model, inputs, { threads, inputDims });
    if (parsed.values.json) {
      const outputs = result.outputs.map((o) => ({ name: o.name, dims: o.dims, data: Array.from(o.data) }));
      process.stdout.write(JSON.stringify({ outputs }) + '\n');
    } else {
      process.stdout.write(result.outputs.map(describe).join('\n') + '\n');
    }
    return 0;
  },
};
