// The device build (CMakeLists.txt) and the host builds (native-sources.mjs) compile the same
// sources: every top-level folder holding .cpp files is either a listed layer or ignored on both.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { nativeSources, repoRoot } from '../tools/lib/cxx-build.mjs';

const cppRoot = join(repoRoot, 'entry/src/main/cpp');
const cmake = readFileSync(join(cppRoot, 'CMakeLists.txt'), 'utf8');
const listed = (name) => cmake.match(new RegExp(`set\\(${name} ([^)]*)\\)`))[1].trim().split(/\s+/);

function hasCpp(dir) {
  return readdirSync(dir).some((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? hasCpp(full) : n.endsWith('.cpp');
  });
}

test('every native source folder is known to the device build', () => {
  const layers = new Set(listed('PRUNER_SOURCE_DIRS'));
  const ignored = new Set(listed('PRUNER_IGNORED_DIRS'));
  for (const name of readdirSync(cppRoot)) {
    const full = join(cppRoot, name);
    if (statSync(full).isDirectory() && hasCpp(full)) {
      assert.ok(layers.has(name) || ignored.has(name), `entry/src/main/cpp/${name} is missing from CMakeLists.txt`);
    }
  }
});

test('the host addon compiles exactly the device layers but runtime/', () => {
  const layers = new Set(listed('PRUNER_SOURCE_DIRS'));
  for (const source of nativeSources('addon')) {
    const layer = source.split('/')[4];
    assert.ok(layers.has(layer) && layer !== 'runtime', `${source} is not in a device layer`);
  }
});
