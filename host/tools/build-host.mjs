#!/usr/bin/env node
// Bundles the host twin (the `prunelab` command) with esbuild. The app's shared ArkTS core
// (entry/src/main/ets/core/*.ets) is strict ArkTS, which is TypeScript: it is bundled as is.
import { build } from 'esbuild';
import { join } from 'node:path';
import { repoRoot } from './lib/cxx-build.mjs';

await build({
  entryPoints: [join(repoRoot, 'host/src/cli/main.ts')],
  outfile: join(repoRoot, 'build/host/prunelab.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  loader: { '.ets': 'ts' },
  resolveExtensions: ['.ts', '.ets', '.mjs', '.js'],
  // axios stays a runtime dependency from node_modules; createRequire lets the bundle load it and the addon.
  external: ['axios'],
  banner: { js: "import { createRequire as __plCreateRequire } from 'node:module'; const require = __plCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
