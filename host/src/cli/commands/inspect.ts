// `prunelab inspect <model.ms> [--json]`: what a .ms model holds (ops, tensors, graph I/O) and
// what it costs (parameters, non-zeros, MACs, bytes), per layer and in total.
import { basename } from 'node:path';
import type { CliCommand } from '../command';
import { UsageError } from '../command';
import { parseCommandArgs } from '../args';
import { loadModel } from '../../platform/files';
import type { LayerInfo, ModelSummary, TensorInfo } from '../../../../entry/src/main/cpp/types/libpruner/Index';

const USAGE = `usage: prunelab inspect <model.ms> [--json]

Reads a MindSpore Lite model and prints its structure and cost.

  --json   machine-readable output on stdout: version, fmkType, isTraining, inputs, outputs
           (name, dtype, dims, format), nodeCount, tensorCount, ops (op -> count), params,
           nonzeros, macs, fileBytes and layers (name, op, weight, weightDims, params,
           nonzeros, macs, bytes)

MACs are multiply-accumulates for the input dims stored in the model (batch included);
FLOPs, where shown, are 2 x MACs. Parameters are the elements of constant float inputs
(weights and biases).`;

const group = (n: number): string => n.toLocaleString('en-US');
const dimsText = (dims: number[]): string => `[${dims.join(',')}]`;
const tensorText = (t: TensorInfo): string => `${t.name} ${t.dtype} ${dimsText(t.dims)} ${t.format}`;

function table(header: string[], rows: string[][], rightAligned: Set<number>): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (rightAligned.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

export function formatSummary(file: string, s: ModelSummary): string {
  const percent = s.params > 0 ? ` (${((100 * s.nonzeros) / s.params).toFixed(1)}% of parameters)` : '';
  const kind = [s.isTraining ? 'training graph (loss, gradient and optimizer parts)' : 'inference graph'];
  if (s.hasQuantizedWeights) kind.push('quantized weights');
  const ops = Object.keys(s.ops).sort((a, b) => s.ops[b] - s.ops[a] || a.localeCompare(b)).map((k) => `${k} ${s.ops[k]}`);
  const lines = [
    `model      ${file} (${group(s.fileBytes)} bytes)`,
    `version    ${s.version || '(none)'}, converted from ${s.fmkType}`,
    `kind       ${kind.join(', ')}`,
    ...s.inputs.map((t, i) => `${i === 0 ? 'inputs ' : '       '}    ${tensorText(t)}`),
    ...s.outputs.map((t, i) => `${i === 0 ? 'outputs' : '       '}    ${tensorText(t)}`),
    `graph      ${s.nodeCount} nodes, ${s.tensorCount} tensors`,
    `ops        ${ops.join(', ')}`,
    `params     ${group(s.params)}`,
    `non-zeros  ${group(s.nonzeros)}${percent}`,
    `MACs       ${group(s.macs)} (FLOPs = 2 x MACs = ${group(2 * s.macs)})` +
      (s.macsComplete ? '' : '; some layers have unknown sizes and count 0'),
  ];
  if (!s.shapesInferred) lines.push('note       some ops have no shape rule: their MACs use the dims recorded in the file');
  if (s.layers.length > 0) {
    lines.push('');
    const rows = s.layers.map((l: LayerInfo) => [
      l.name, l.op, l.weight === '' ? '-' : l.weight, l.weight === '' ? '-' : dimsText(l.weightDims),
      group(l.params), group(l.nonzeros), group(l.macs),
    ]);
    lines.push(...table(['layer', 'op', 'weight', 'dims', 'params', 'non-zeros', 'MACs'], rows, new Set([4, 5, 6])));
  }
  return lines.join('\n');
}

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'show a model\'s ops, tensors, parameters, non-zeros and MACs',
  usage: USAGE,
  async run(argv: string[]): Promise<number> {
    const parsed = parseCommandArgs(argv, { json: { type: 'boolean', default: false } }, USAGE);
    if (parsed.positionals.length !== 1) throw new UsageError(`expected one model file\n\n${USAGE}`);
    const path = parsed.positionals[0];
    const summary = loadModel(path).summary();
    if (parsed.values.json) {
      process.stdout.write(JSON.stringify({ file: path, ...summary }, null, 2) + '\n');
    } else {
      process.stdout.write(formatSummary(basename(path), summary) + '\n');
    }
    return 0;
  },
};
