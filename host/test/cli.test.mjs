// The `prunelab` command's own contract: --help, --version, exit codes for usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../tools/lib/cxx-build.mjs';

const bin = join(repoRoot, 'host/bin/prunelab.mjs');
const built = existsSync(join(repoRoot, 'build/host/prunelab.mjs'));
const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

function prunelab(...args) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: repoRoot });
}

test('--version prints the package version', { skip: !built && 'host bundle not built' }, () => {
  const run = prunelab('--version');
  assert.equal(run.status, 0);
  assert.match(run.stdout, new RegExp(`^prunelab ${pkg.version.replace(/\./g, '\\.')} `));
});

test('--help lists the commands and exits 0', { skip: !built && 'host bundle not built' }, () => {
  const run = prunelab('--help');
  assert.equal(run.status, 0);
  assert.match(run.stdout, /usage: prunelab <command>/);
  assert.match(run.stdout, /commands:/);
});

test('an unknown command exits 2 and says so', { skip: !built && 'host bundle not built' }, () => {
  const run = prunelab('no-such-command');
  assert.equal(run.status, 2);
  assert.match(run.stderr, /unknown command 'no-such-command'/);
});

test('no command prints the overview and exits 2', { skip: !built && 'host bundle not built' }, () => {
  const run = prunelab();
  assert.equal(run.status, 2);
  assert.match(run.stdout, /commands:/);
});

// ---- the commands on the shared converter-made models ----
import { createHash } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';

const fixtures = process.env.PRUNELAB_FIXTURES ?? join(repoRoot, '..', 'shared', 'fixtures', 'ms');
const face = join(fixtures, 'ml_face_isface.ms');
const noFixtures = !existsSync(face) && `shared fixtures absent (${fixtures})`;
const skipModels = !built ? 'host bundle not built' : noFixtures;
const sha = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const json = (run) => JSON.parse(run.stdout);

test('inspect --json reports the face model', { skip: skipModels }, () => {
  const run = prunelab('inspect', face, '--json');
  assert.equal(run.status, 0, run.stderr);
  const summary = json(run);
  assert.deepEqual(summary.ops, { Conv2DFusion: 4, MaxPoolFusion: 3, FullConnection: 2, Softmax: 1, Activation: summary.ops.Activation, Transpose: 1 });
  assert.deepEqual(summary.inputs[0].dims, [1, 48, 48, 3]);
  assert.equal(summary.params, summary.layers.reduce((a, l) => a + l.params, 0));
  for (const key of ['version', 'fmkType', 'isTraining', 'outputs', 'nodeCount', 'tensorCount', 'nonzeros', 'macs', 'fileBytes']) {
    assert.ok(key in summary, `inspect --json lacks ${key}`);
  }
});

test('run reproduces the face model reference output', { skip: skipModels }, () => {
  const run = prunelab('run', face, '--input', join(fixtures, 'ml_face_isface_0.input'), '--input-layout', 'nchw', '--json');
  assert.equal(run.status, 0, run.stderr);
  const reference = readFileSync(join(fixtures, 'ml_face_isface0.output'));
  const ndim = reference.readUInt32LE(0);
  const out = json(run).outputs[0];
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(out.data[i] - reference.readFloatLE(4 + 4 * ndim + 4 * i)) < 1e-4);
});

test('bench --json gives the latency statistics', { skip: skipModels }, () => {
  const run = prunelab('bench', face, '--runs', '3', '--warmup', '1', '--json');
  assert.equal(run.status, 0, run.stderr);
  const result = json(run);
  for (const key of ['minMs', 'meanMs', 'p50Ms', 'p90Ms', 'p99Ms', 'stdMs']) assert.ok(result.latency[key] >= 0, key);
  assert.equal(result.runs, 3);
});

test('prune writes a smaller model that inspect agrees with, and never touches the input', { skip: skipModels }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-cli-'));
  const out = join(dir, 'pruned.ms');
  const before = sha(face);
  const run = prunelab('prune', face, '-o', out, '--method', 'structured', '--criterion', 'l1', '--sparsity', '0.5', '--json');
  assert.equal(run.status, 0, run.stderr);
  const report = json(run);
  assert.ok(statSync(out).size < statSync(face).size);
  const after = json(prunelab('inspect', out, '--json'));
  assert.equal(after.params, report.after.params);
  assert.equal(after.macs, report.after.macs);
  assert.ok(report.after.params < report.before.params);
  assert.equal(sha(face), before);
});

test('prune refuses bad input with exit 2 and creates nothing', { skip: skipModels }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-cli-'));
  const out = join(dir, 'never.ms');
  for (const args of [['--sparsity', '1'], ['--sparsity', 'NaN'], ['--sparsity', '0.5', '--layers', 'no_such_layer']]) {
    const run = prunelab('prune', face, '-o', out, '--method', 'structured', ...args);
    assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /BAD_ARGUMENT/);
    assert.equal(existsSync(out), false);
  }
  const training = prunelab('prune', join(fixtures, 'lenet_train.ms'), '-o', out, '--method', 'structured', '--sparsity', '0.5');
  assert.equal(training.status, 2);
  assert.match(training.stderr, /UNSUPPORTED/);
  assert.equal(existsSync(out), false);
});

test('demo runs the main job and writes its report folder', { skip: skipModels }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-demo-'));
  const run = prunelab('demo', '--runs', '3', '--samples', '2', '--out', dir, '--json');
  assert.equal(run.status, 0, run.stderr);
  const report = json(run);
  assert.equal(report.comparison.length, 2);
  assert.ok(report.comparison[1].theoreticalSpeedup > 1);
  assert.ok(existsSync(join(dir, 'report.md')) && existsSync(join(dir, 'report.json')) && existsSync(report.prunedModel));
});

test('a malformed model is INVALID_MODEL with exit 2', { skip: !built && 'host bundle not built' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'prunelab-cli-'));
  const bad = join(dir, 'bad.ms');
  writeFileSync(bad, Buffer.from('this is not a model at all'));
  const run = prunelab('inspect', bad);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /INVALID_MODEL/);
});
