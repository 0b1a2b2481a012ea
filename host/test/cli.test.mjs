// The `prunelab` command's own contract: --help, --version, exit codes for usage errors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
