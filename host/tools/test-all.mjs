#!/usr/bin/env node
// `npm test`: every check of the project, one after the other, then one summary line.
//   1. the ArkTS gate (parse every .ets, lint every non-ArkUI .ets)
//   2. a type check of the host twin (tsc -p host/tsconfig.json) and the host tools' own tests
//   3. the native core's C++ tests under ASan+UBSan
//   4. the app's hypium suites on Node against the host build of the native module
// Each step prints its own summary; this script adds them up and prints `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lib/cxx-build.mjs';

const only = process.argv.slice(2);
const steps = [
  { name: 'arkts', cmd: [process.execPath, 'host/tools/arkts-gate.mjs'], parse: parseGate },
  { name: 'types', cmd: [process.execPath, 'node_modules/ohos-typescript/bin/tsc', '-p', 'host/tsconfig.json'], parse: (out, code) => ({ passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1, skipped: 0 }) },
  { name: 'tools', cmd: [process.execPath, '--test', '--test-reporter=spec', 'host/test/'], parse: parseNodeTest },
  { name: 'native', cmd: [process.execPath, 'host/tools/native-tests.mjs'], parse: parseCounts('native') },
  { name: 'hypium', cmd: [process.execPath, 'host/tools/hypium-run.mjs'], parse: parseCounts('hypium') },
].filter((s) => only.length === 0 || only.includes(s.name));

function parseGate(out, code) {
  const m = out.match(/arkts: (\d+) files parsed, (\d+) linted, (\d+) problems/);
  return { passed: code === 0 && m ? 1 : 0, failed: code === 0 && m ? 0 : 1, skipped: 0 };
}

function parseNodeTest(out, code) {
  const pass = out.match(/^\S*\s*pass (\d+)/m);
  const fail = out.match(/^\S*\s*fail (\d+)/m);
  const skip = out.match(/^\S*\s*skipped (\d+)/m);
  if (!pass || !fail) return { passed: 0, failed: 1, skipped: 0 };
  const failed = Number(fail[1]) + (code !== 0 && Number(fail[1]) === 0 ? 1 : 0);
  return { passed: Number(pass[1]), failed, skipped: skip ? Number(skip[1]) : 0 };
}

function parseCounts(label) {
  return (out, code) => {
    const lines = out.match(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?`, 'gm'));
    if (!lines) return { passed: 0, failed: 1, skipped: 0 };
    const m = lines[lines.length - 1].match(/(\d+) passed, (\d+) failed(?:, (\d+) skipped)?/);
    const failed = Number(m[2]) + (code !== 0 && Number(m[2]) === 0 ? 1 : 0);
    return { passed: Number(m[1]), failed, skipped: m[3] ? Number(m[3]) : 0 };
  };
}

function runStep(step) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${step.name}: ${step.cmd.slice(1).join(' ')}`);
    const child = spawn(step.cmd[0], step.cmd.slice(1), { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => {
      const counts = step.parse(out, code ?? 1);
      console.log(`=== ${step.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      resolve(counts);
    });
  });
}

if (!existsSync(join(repoRoot, 'build', 'Release', 'pruner.node')) && !process.env.PRUNELAB_ADDON) {
  console.log('the native module is not built: run `npm install` first');
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const total = { passed: 0, failed: 0, skipped: 0 };
const perStep = [];
for (const step of steps) {
  const counts = await runStep(step);
  perStep.push(`${step.name} ${counts.passed}/${counts.passed + counts.failed}`);
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
}
console.log(`\n${perStep.join(', ')}`);
console.log(`${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 ? 0 : 1);
