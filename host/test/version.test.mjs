// One version everywhere: package.json, the native core, the app (AppScope/app.json5) and the
// native module's type package.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../tools/lib/cxx-build.mjs';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

test('native core version.h equals package.json', () => {
  const header = readFileSync(join(repoRoot, 'entry/src/main/cpp/common/version.h'), 'utf8');
  assert.match(header, new RegExp(`#define PRUNELAB_VERSION "${pkg.version.replace(/\./g, '\\.')}"`));
});

test('the built addon reports the package version', { skip: !existsSync(join(repoRoot, 'build/Release/pruner.node')) && 'addon not built' }, () => {
  const addon = process.env.PRUNELAB_ADDON ?? join(repoRoot, 'build/Release/pruner.node');
  const pruner = createRequire(import.meta.url)(addon);
  assert.equal(pruner.version(), pkg.version);
});

test('app.json5 versionName and the type package version equal package.json', () => {
  const app = readFileSync(join(repoRoot, 'AppScope/app.json5'), 'utf8');
  assert.match(app, new RegExp(`"versionName"\\s*:\\s*"${pkg.version.replace(/\./g, '\\.')}"`));
  const types = readFileSync(join(repoRoot, 'entry/src/main/cpp/types/libpruner/oh-package.json5'), 'utf8');
  assert.match(types, new RegExp(`"version"\\s*:\\s*"${pkg.version.replace(/\./g, '\\.')}"`));
});
