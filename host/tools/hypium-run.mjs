#!/usr/bin/env node
// Runs the app's hypium suites on Node: the same List.test.ets files DevEco runs on a device,
// bundled with the npm @ohos/hypium and the host build of the native module (see
// lib/hypium-bundle.mjs for what is mapped to what). Each list runs in its own child process,
// so a native crash or a hang fails the run instead of taking the harness down.
//
//   node host/tools/hypium-run.mjs [ohosTest|test|host ...] [--class A,B] [--verbose]
//
// Lists: ohosTest = entry/src/ohosTest/ets/test/List.test.ets (needs the addon),
//        test     = entry/src/test/List.test.ets (pure ArkTS logic),
//        host     = host/test-support/List.host.ts (host-only checks ArkTS cannot express).
// Environment: PRUNELAB_ADDON (addon path, default build/Release/pruner.node), PRUNELAB_FIXTURES,
// PRUNELAB_HYPIUM_TIMEOUT_S (per list, default 600), PRUNELAB_HYPIUM_CASE_TIMEOUT_MS (per case,
// default 30000; hypium's own default is 5000), PRUNELAB_HYPIUM_OUT (bundle folder, default build/hypium).
// Last line: `hypium: N passed, M failed, K skipped`; exit 1 on any failure, error, crash, hang,
// unlisted suite, or when no case ran.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/cxx-build.mjs';
import { bundleList, describeBuildError } from './lib/hypium-bundle.mjs';
import { checkList, suiteLists } from './lib/hypium-lists.mjs';
import { HypiumReport } from './lib/hypium-report.mjs';

const { values: options, positionals } = parseArgs({
  options: {
    class: { type: 'string' },
    verbose: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: true,
});
const allLists = suiteLists(repoRoot);
if (options.help) {
  console.log('usage: node host/tools/hypium-run.mjs [list ...] [--class Suite[,Suite]] [--verbose]');
  console.log(`lists: ${allLists.map((l) => l.name).join(', ')} (default: all)`);
  process.exit(0);
}
const unknown = positionals.filter((p) => !allLists.some((l) => l.name === p));
if (unknown.length > 0) {
  console.log(`hypium: unknown list ${unknown.join(', ')} (known: ${allLists.map((l) => l.name).join(', ')})`);
  console.log('hypium: 0 passed, 1 failed');
  process.exit(2);
}
const lists = positionals.length === 0 ? allLists : allLists.filter((l) => positionals.includes(l.name));
const addon = process.env.PRUNELAB_ADDON || join(repoRoot, 'build/Release/pruner.node');
const outDir = process.env.PRUNELAB_HYPIUM_OUT || join(repoRoot, 'build/hypium');
const runTimeoutS = Number(process.env.PRUNELAB_HYPIUM_TIMEOUT_S || 600);
const caseTimeoutMs = String(process.env.PRUNELAB_HYPIUM_CASE_TIMEOUT_MS || 30000);

const indent = (text, pad) => text.split('\n').map((l) => pad + l).join('\n');

function printCase(c, verbose) {
  const name = `${c.className} > ${c.test}`;
  if (c.status === 'pass' && c.skip !== null) {
    console.log(`  skip  ${name}: ${c.skip}`);
  } else if (c.status === 'pass') {
    console.log(`  ok    ${name}`);
  } else {
    console.log(`  FAIL  ${name}${c.location ? `  (${c.location})` : ''}`);
    console.log(indent(c.message || '(no message)', '        '));
  }
  if ((c.status !== 'pass' || verbose) && c.output.length > 0) console.log(indent(c.output.join('\n'), '        | '));
}

function runChild(bundle, spec) {
  return new Promise((resolve) => {
    const params = { timeout: caseTimeoutMs };
    if (options.class) params.class = options.class;
    const child = spawn(process.execPath, ['--enable-source-maps', bundle], {
      cwd: repoRoot,
      env: { ...process.env, PRUNELAB_ADDON: addon, PRUNELAB_HYPIUM_PARAMS: JSON.stringify(params) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const report = new HypiumReport({ repoRoot, onCase: (c) => printCase(c, options.verbose) });
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, runTimeoutS * 1000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => report.feed(d));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      const problems = report.close({ exitCode, signal, timedOut, timeoutSeconds: runTimeoutS });
      resolve({ report, problems, stderr, spec });
    });
  });
}

async function runList(spec, bundlePromise) {
  const started = Date.now();
  console.log(`\n[${spec.name}] ${spec.title}`);
  const listCheck = checkList(repoRoot, spec);
  const problems = [...listCheck.problems];
  for (const file of listCheck.deviceOnly) console.log(`  device-only, not run here: ${file}`);
  let cases = [];
  let stderr = '';
  let looseOutput = [];
  const bundled = await bundlePromise;
  if (bundled.error) {
    problems.push(`bundling ${relative(repoRoot, spec.list)} failed:`, ...describeBuildError(bundled.error).map((l) => `  ${l}`));
  } else {
    const run = await runChild(bundled.file, spec);
    cases = run.report.cases;
    looseOutput = run.report.looseOutput;
    stderr = run.stderr;
    problems.push(...run.problems);
    if (cases.length === 0 && !options.class) problems.push(`no case ran: ${relative(repoRoot, spec.list)} registered none`);
  }
  const failedCases = cases.filter((c) => c.status !== 'pass').length;
  const skipped = cases.filter((c) => c.status === 'pass' && c.skip !== null).length;
  const passed = cases.length - failedCases - skipped;
  for (const p of problems) console.log(`  ERROR ${p}`);
  const unclean = problems.length > 0 || failedCases > 0;
  if ((unclean || options.verbose) && looseOutput.length > 0) {
    console.log(`  output outside any case:\n${indent(looseOutput.join('\n'), '    | ')}`);
  }
  if ((unclean || options.verbose) && stderr.trim() !== '') {
    const tail = stderr.trimEnd().split('\n').slice(-60).join('\n');
    console.log(`  stderr of the run:\n${indent(tail, '    ! ')}`);
  }
  const failed = failedCases + problems.length;
  console.log(`[${spec.name}] ${passed} passed, ${failed} failed, ${skipped} skipped (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { passed, failed, skipped };
}

if (!existsSync(addon)) {
  console.log(`note: the native module ${addon} is missing (run \`npm install\`, or set PRUNELAB_ADDON); suites that import libpruner.so will fail`);
}
// Bundle every list at once (esbuild is quick and asynchronous), then run them one by one.
const bundles = new Map(lists.map((spec) => [spec.name,
  bundleList({ repoRoot, spec, outDir }).then((file) => ({ file }), (error) => ({ error }))]));
const total = { passed: 0, failed: 0, skipped: 0 };
for (const spec of lists) {
  const r = await runList(spec, bundles.get(spec.name));
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
}
if (total.passed + total.failed + total.skipped === 0) {
  console.log('\nno case ran at all');
  total.failed += 1;
}
console.log(`\nhypium: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(total.failed === 0 ? 0 : 1);
