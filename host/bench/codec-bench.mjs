#!/usr/bin/env node
// Codec benchmark: is parsing a model zero-copy? Writes a synthetic ~100 MB .ms model (a chain of
// FullConnection layers, built by the small FlatBuffers writer below) to a temp file, then times
// side by side in one run, alternating, after a warm-up:
//   read:  fs.readFileSync of the file (page cache warm), and
//   parse: Model.fromBuffer(bytes) + model.summary() on those bytes (one copy into native memory,
//          verification, graph IR with weight views, non-zero count of every weight).
// Prints the medians and their ratio; the target is parse <= 2 x read.
// Usage: node host/bench/codec-bench.mjs [--mb 100] [--runs 9] [--save model.ms]
//   (PRUNELAB_ADDON picks the addon; --save keeps a copy of the synthetic model)
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const here = fileURLToPath(import.meta.url);
// Models own ~100 MB each: collect between runs so memory and page faults stay comparable.
if (typeof globalThis.gc !== 'function') {
  const child = spawnSync(process.execPath, ['--expose-gc', here, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(child.status ?? 1);
}

const { values } = parseArgs({ options: { mb: { type: 'string', default: '100' }, runs: { type: 'string', default: '9' }, save: { type: 'string' } }, strict: true });
const targetMb = Number(values.mb);
const runs = Number(values.runs);
if (!(targetMb > 0) || !Number.isInteger(runs) || runs < 3) {
  console.error('codec-bench: --mb must be positive and --runs at least 3');
  process.exit(2);
}

const repoRoot = join(dirname(here), '..', '..');
const addonPath = process.env.PRUNELAB_ADDON ?? join(repoRoot, 'build', 'Release', 'pruner.node');
let pruner;
try {
  pruner = createRequire(import.meta.url)(addonPath);
} catch (error) {
  console.error(`codec-bench: cannot load the native module ${addonPath}: ${error.message}`);
  process.exit(1);
}

// ---- a minimal front-to-back FlatBuffers writer for the .ms schema (ids from ms-format.md) ----
class Writer {
  constructor(capacity) {
    this.buf = Buffer.alloc(capacity);
    this.pos = 0;
  }
  padTo(align, rem = 0) { while (this.pos % align !== rem) this.buf[this.pos++] = 0; }
  u32(v) { this.buf.writeUInt32LE(v >>> 0, this.pos); this.pos += 4; }
  link(slot, target) { this.buf.writeUInt32LE(target - slot, slot); }
  // fields: [{ id, size: 1|4, value }] scalars or { id, offset: true }; returns { pos, slot(id) }.
  table(fields) {
    const sorted = [...fields].sort((a, b) => (b.offset ? 4 : b.size) - (a.offset ? 4 : a.size));
    let inline = 4;
    const at = new Map();
    for (const f of sorted) { at.set(f.id, inline); inline += f.offset ? 4 : f.size; }
    const maxId = Math.max(-1, ...fields.map((f) => f.id));
    const vtable = 4 + 2 * (maxId + 1);
    this.padTo(2);
    const vt = this.pos;
    this.buf.writeUInt16LE(vtable, this.pos); this.buf.writeUInt16LE(inline, this.pos + 2);
    for (let id = 0; id <= maxId; id++) this.buf.writeUInt16LE(at.get(id) ?? 0, this.pos + 4 + 2 * id);
    this.pos += vtable;
    this.padTo(4);
    const pos = this.pos;
    this.buf.writeInt32LE(pos - vt, pos);
    for (const f of sorted) {
      const p = pos + at.get(f.id);
      if (f.offset) this.buf.writeUInt32LE(0, p);
      else if (f.size === 1) this.buf.writeUInt8(f.value, p);
      else this.buf.writeInt32LE(f.value, p);
    }
    this.pos = pos + inline;
    return { pos, slot: (id) => pos + at.get(id) };
  }
  // A vector of `count` elements held in `data`, its first element `align`-aligned.
  bytes(data, align = 4, count = data.length) {
    this.padTo(align, (align - 4) % align);
    const pos = this.pos;
    this.u32(count);
    data.copy(this.buf, this.pos);
    this.pos += data.length;
    return pos;
  }
  u32s(values) { return this.bytes(Buffer.from(new Uint32Array(values).buffer), 4, values.length); }
  i32s(values) { return this.bytes(Buffer.from(new Int32Array(values).buffer), 4, values.length); }
  string(text) {
    this.padTo(4);
    const pos = this.pos;
    const b = Buffer.from(text, 'utf8');
    this.u32(b.length); b.copy(this.buf, this.pos); this.pos += b.length; this.buf[this.pos++] = 0;
    return pos;
  }
  offsets(n) { this.padTo(4); const pos = this.pos; this.u32(n); for (let i = 0; i < n; i++) this.u32(0); return pos; }
}

// x[1,W] -> FC(W x W, bias) -> ... -> y; a tenth of the weights are zero.
function syntheticModel(mb) {
  const width = 2048;
  const layers = Math.max(1, Math.round((mb * 1024 * 1024) / (width * width * 4)));
  const tensors = [{ name: 'x', role: 2, dims: [1, width] }];
  const nodes = [];
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296) - 0.5;
  for (let l = 0; l < layers; l++) {
    const weight = new Float32Array(width * width);
    for (let i = 0; i < weight.length; i++) weight[i] = i % 10 === 0 ? 0 : random();
    const bias = new Float32Array(width).map(() => random());
    const input = tensors.length - 1;
    tensors.push({ name: `fc${l}.weight`, role: 0, dims: [width, width], data: Buffer.from(weight.buffer) });
    tensors.push({ name: `fc${l}.bias`, role: 0, dims: [width], data: Buffer.from(bias.buffer) });
    tensors.push({ name: `fc${l}`, role: 2, dims: [1, width] });
    nodes.push({ name: `fc${l}`, inputs: [input, input + 1, input + 2], outputs: [input + 3] });
  }
  const capacity = tensors.reduce((n, t) => n + (t.data ? t.data.length + 64 : 0) + 256, 4096) + nodes.length * 512;
  const w = new Writer(capacity);
  w.u32(0); w.buf.write('MSL2', 4, 'latin1'); w.pos = 8;
  const meta = w.table([{ id: 1, offset: true }, { id: 2, size: 4, value: 6 }, { id: 3, offset: true }, { id: 4, offset: true },
    { id: 6, offset: true }, { id: 7, offset: true }, { id: 8, offset: true }]);
  w.link(0, meta.pos);
  w.link(meta.slot(1), w.string('MindSpore Lite 2.1.0'));
  w.link(meta.slot(3), w.u32s([0]));
  w.link(meta.slot(4), w.u32s([tensors.length - 1]));
  const nodeVec = w.offsets(nodes.length);
  w.link(meta.slot(6), nodeVec);
  nodes.forEach((n, i) => {
    const t = w.table([{ id: 0, offset: true }, { id: 2, offset: true }, { id: 3, offset: true }, { id: 4, offset: true }]);
    w.link(nodeVec + 4 + 4 * i, t.pos);
    w.link(t.slot(0), w.string(n.name));
    const prim = w.table([{ id: 0, size: 1, value: 67 }, { id: 1, offset: true }]);  // FullConnection
    w.link(t.slot(2), prim.pos);
    const fc = w.table([{ id: 0, size: 1, value: 1 }]);  // has_bias
    w.link(prim.slot(1), fc.pos);
    w.link(t.slot(3), w.u32s(n.inputs));
    w.link(t.slot(4), w.u32s(n.outputs));
  });
  const tensorVec = w.offsets(tensors.length);
  w.link(meta.slot(7), tensorVec);
  tensors.forEach((tensor, i) => {
    const fields = [{ id: 1, size: 4, value: 43 }, { id: 2, offset: true }, { id: 3, size: 4, value: 1 }, { id: 9, offset: true }];
    if (tensor.role !== 0) fields.push({ id: 0, size: 4, value: tensor.role });
    if (tensor.data) fields.push({ id: 6, offset: true });
    const t = w.table(fields);
    w.link(tensorVec + 4 + 4 * i, t.pos);
    w.link(t.slot(2), w.i32s(tensor.dims));
    if (tensor.data) w.link(t.slot(6), w.bytes(tensor.data, 16));
    w.link(t.slot(9), w.string(tensor.name));
  });
  const subVec = w.offsets(1);
  w.link(meta.slot(8), subVec);
  const sub = w.table([{ id: 1, offset: true }, { id: 2, offset: true }, { id: 3, offset: true }, { id: 4, offset: true }]);
  w.link(subVec + 4, sub.pos);
  w.link(sub.slot(1), w.u32s([0]));
  w.link(sub.slot(2), w.u32s([tensors.length - 1]));
  w.link(sub.slot(3), w.u32s(nodes.map((_, i) => i)));
  w.link(sub.slot(4), w.u32s(tensors.map((_, i) => i)));
  w.padTo(8);
  return { bytes: w.buf.subarray(0, w.pos), layers, width };
}

// Node runs native finalizers after a GC from the event loop: let them free the last model's
// ~100 MB before the next timed run (otherwise memory piles up and V8 collects inside a run).
async function collect() {
  globalThis.gc();
  for (let i = 0; i < 3; i++) await new Promise((done) => setImmediate(done));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms) => `${ms.toFixed(1)} ms`;

const { bytes, layers, width } = syntheticModel(targetMb);
const file = join(tmpdir(), `prunelab-codec-bench-${process.pid}.ms`);
writeFileSync(file, bytes);
if (values.save) writeFileSync(values.save, bytes);
const mb = bytes.length / (1024 * 1024);
try {
  const asArrayBuffer = (b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  // Check once that the model is what we think, and warm up both paths.
  const check = pruner.Model.fromBuffer(asArrayBuffer(readFileSync(file))).summary();
  const expectedParams = layers * (width * width + width);
  if (check.params !== expectedParams || check.nodeCount !== layers) {
    throw new Error(`the synthetic model reads back wrong: ${check.params} params, ${check.nodeCount} nodes`);
  }
  await collect();
  for (let i = 0; i < 2; i++) {
    pruner.Model.fromBuffer(asArrayBuffer(readFileSync(file))).summary();
    await collect();
  }

  const readTimes = [];
  const parseTimes = [];
  for (let r = 0; r < runs; r++) {
    let t0 = performance.now();
    const fileBytes = readFileSync(file);
    readTimes.push(performance.now() - t0);
    const buffer = asArrayBuffer(fileBytes);
    t0 = performance.now();
    const summary = pruner.Model.fromBuffer(buffer).summary();
    parseTimes.push(performance.now() - t0);
    if (summary.nonzeros <= 0) throw new Error('summary counted no non-zeros');
    await collect();
  }
  const read = median(readTimes);
  const parse = median(parseTimes);
  const ratio = parse / read;
  console.log(`codec-bench: synthetic model ${mb.toFixed(1)} MB (${layers} FullConnection layers ${width}x${width}, ${check.params.toLocaleString('en-US')} params), ${runs} runs, ${cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`  read file (page cache, fs.readFileSync):   median ${fmt(read)}  min ${fmt(Math.min(...readTimes))}  max ${fmt(Math.max(...readTimes))}  (${(mb / (read / 1000)).toFixed(0)} MB/s)`);
  console.log(`  Model.fromBuffer + summary():              median ${fmt(parse)}  min ${fmt(Math.min(...parseTimes))}  max ${fmt(Math.max(...parseTimes))}  (${(mb / (parse / 1000)).toFixed(0)} MB/s)`);
  console.log(`codec-bench: parse+summary / read = ${ratio.toFixed(2)}x (target <= 2x) ${ratio <= 2 ? 'PASS' : 'FAIL'}`);
  process.exitCode = ratio <= 2 ? 0 : 1;
} finally {
  rmSync(file, { force: true });
}
