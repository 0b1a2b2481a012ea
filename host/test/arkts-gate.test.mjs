// The ArkTS gate on tiny project trees built in a temporary folder from host/test/fixtures/arkts:
// it passes clean code, fails on a planted `any`, a syntax error and a type error, leaves ArkUI
// pages and SDK-importing files to parsing, and with --sdk lints and type-checks those too.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures', 'arkts');
const gate = join(here, '..', 'tools', 'arkts-gate.mjs');
const fakeSdk = join(fixtures, 'sdk', 'ets');

const CORE = 'entry/src/main/ets/core/CoreStats.ets';
const PAGE = 'entry/src/main/ets/pages/Index.ets';
const ABILITY = 'entry/src/main/ets/entryability/DemoAbility.ets';
const SUITE = 'entry/src/ohosTest/ets/test/Native.test.ets';
const LAYOUT = {
  [CORE]: 'CoreStats.ets',
  [PAGE]: 'Index.ets',
  [ABILITY]: 'DemoAbility.ets',
  [SUITE]: 'Native.test.ets',
  'entry/src/main/cpp/types/libpruner/Index.d.ts': 'libpruner-Index.d.ts',
};

const scratch = mkdtempSync(join(tmpdir(), 'arkts-gate-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let trees = 0;

/**
 * A fresh project tree with the fixtures in LAYOUT, less `omit`; `edits` maps a path to a
 * function from its text to the new text; `extra` adds more fixtures ({ dest: fixture }).
 */
function makeTree({ omit = [], edits = {}, extra = {} } = {}) {
  const root = join(scratch, `tree${trees++}`);
  for (const [dest, fixture] of Object.entries(LAYOUT)) {
    if (omit.includes(dest)) continue;
    mkdirSync(dirname(join(root, dest)), { recursive: true });
    copyFileSync(join(fixtures, fixture), join(root, dest));
  }
  for (const [dest, edit] of Object.entries(edits)) {
    writeFileSync(join(root, dest), edit(readFileSync(join(root, dest), 'utf8')));
  }
  for (const [dest, fixture] of Object.entries(extra)) {
    mkdirSync(dirname(join(root, dest)), { recursive: true });
    copyFileSync(join(fixtures, fixture), join(root, dest));
  }
  return root;
}

function runGate(root, args = [], sdkEnv) {
  const env = { ...process.env };
  delete env.HARMONY_SDK_ETS;
  if (sdkEnv) env.HARMONY_SDK_ETS = sdkEnv;
  return new Promise((resolve) => {
    execFile(process.execPath, [gate, '--root', root, ...args], { cwd: root, env, encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? error.code : 0, out, err });
    });
  });
}

function replaceOnce(text, from, to) {
  assert.ok(text.includes(from), `fixture text changed: ${from}`);
  return text.replace(from, to);
}

// Each run is a separate process of a few seconds: run them side by side.
describe('arkts gate', { concurrency: 2 }, () => {
  test('a clean tree passes; the page and the SDK-importing file are parsed, not linted', async () => {
    const { code, out } = await runGate(makeTree(), ['--verbose']);
    assert.equal(code, 0, out);
    assert.match(out, /^arkts: 4 files parsed, 2 linted, 0 problems/m);
    assert.match(out, /parsed only: entry\/src\/main\/ets\/pages\/Index\.ets: ArkUI \(struct Index\)/);
    assert.match(out, /parsed only: entry\/src\/main\/ets\/entryability\/DemoAbility\.ets: imports @kit\.DemoKit/);
    assert.match(out, /SDK type check skipped/);
  });

  test('a core file with `let x: any = 1;` fails and the message names any', async () => {
    const planted = (text) => replaceOnce(text, '  let total = 0;\n', '  let total = 0;\n  let x: any = 1;\n');
    const { code, out } = await runGate(makeTree({ edits: { [CORE]: planted } }));
    assert.equal(code, 1, out);
    assert.match(out, /^entry\/src\/main\/ets\/core\/CoreStats\.ets:13:10 {2}arkts-no-any-unknown {2}.*"any"/m);
    assert.match(out, /^arkts: 4 files parsed, 2 linted, 1 problems/m);
  });

  test('a syntax error fails, in core code and in a page that is otherwise not linted', async () => {
    const broken = (text) => replaceOnce(text, 'Column({ space: 8 }) {', 'Column({ space: 8 } {');
    const root = makeTree({ edits: { [PAGE]: broken }, extra: { 'entry/src/main/ets/core/Broken.ets': 'Broken.ets' } });
    const { code, out } = await runGate(root);
    assert.equal(code, 1, out);
    assert.match(out, /^entry\/src\/main\/ets\/core\/Broken\.ets:2:13 {2}syntax {2}Expression expected/m);
    assert.match(out, /^entry\/src\/main\/ets\/pages\/Index\.ets:9:25 {2}syntax /m);
  });

  test('test suites are type-checked against @ohos/hypium and the native module surface', async () => {
    const wrong = (text) => replaceOnce(text, 'const stats: WeightStats =', 'const stats: string =');
    const { code, out } = await runGate(makeTree({ edits: { [SUITE]: wrong } }));
    assert.equal(code, 1, out);
    assert.match(out, /Native\.test\.ets:13:13 {2}TS2322 {2}Type 'WeightStats' is not assignable to type 'string'/);
  });

  test('with an SDK (HARMONY_SDK_ETS) the kit-importing file is linted and type-checked', async () => {
    const clean = await runGate(makeTree({ omit: [PAGE] }), [], fakeSdk);
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, /^arkts: 3 files parsed, 3 linted, 0 problems/m);
    assert.match(clean.out, /SDK type check of 3 files/);

    const wrongArg = (text) => replaceOnce(text, 'return greeting(this.name);', 'const o = { n: 1 };\n    return greeting(o.n);');
    const planted = await runGate(makeTree({ omit: [PAGE], edits: { [ABILITY]: wrongArg } }), ['--sdk', fakeSdk]);
    assert.equal(planted.code, 1, planted.out);
    assert.match(planted.out, /DemoAbility\.ets:9:21 {2}TS2345 {2}Argument of type 'number'/);
    assert.match(planted.out, /DemoAbility\.ets:8:15 {2}arkts-no-untyped-obj-literals /);
  });

  test('usage errors exit 2', async () => {
    const root = makeTree();
    assert.equal((await runGate(root, ['--sdk', join(scratch, 'no-such-sdk')])).code, 2);
    assert.equal((await runGate(root, ['--no-such-option'])).code, 2);
    const help = await runGate(root, ['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^usage: /);
  });
});
