#!/usr/bin/env node
// Developer build of the Node addon into a folder of one's own (node-gyp's build/ is shared):
//   node host/tools/dev-addon.mjs /tmp/mine   ->  /tmp/mine/pruner.node
// Point the host code at it with PRUNELAB_ADDON=/tmp/mine/pruner.node.
import { dirname, join, resolve } from 'node:path';
import { buildBinary, nativeSources, repoRoot } from './lib/cxx-build.mjs';

const outDir = resolve(process.argv[2] ?? join(repoRoot, 'build', 'dev-addon'));
const nodeInclude = join(dirname(process.execPath), '..', 'include', 'node');
const ok = await buildBinary({
  label: 'dev addon',
  sources: nativeSources('addon'),
  outDir,
  output: join(outDir, 'pruner.node'),
  compileFlags: ['-std=c++17', '-O2', '-g', '-fPIC', '-march=native', `-I${nodeInclude}`,
    `-I${join(repoRoot, 'entry/src/main/cpp')}`, '-DNAPI_VERSION=8', '-DNODE_GYP_MODULE_NAME=pruner'],
  linkFlags: ['-shared', '-pthread'],
});
console.log(ok ? `built ${join(outDir, 'pruner.node')}` : 'dev addon build failed');
process.exit(ok ? 0 : 1);
