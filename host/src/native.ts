// Loads the host build of the native module (the Node twin of libpruner.so).
// PRUNELAB_ADDON overrides the path (developer builds, sanitizer builds).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Pruner from '../../entry/src/main/cpp/types/libpruner/Index';

export type PrunerModule = typeof Pruner;

let cached: PrunerModule | null = null;

export function repoRoot(): string {
  // The bundle lives in build/host/; sources in host/src/. Both are two levels below the root.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..');
}

export function loadPruner(): PrunerModule {
  if (cached !== null) return cached;
  const path = process.env.PRUNELAB_ADDON ?? join(repoRoot(), 'build', 'Release', 'pruner.node');
  if (!existsSync(path)) {
    throw new Error(`the native module is not built (${path} is missing): run \`npm install\` first`);
  }
  cached = require(path) as PrunerModule;
  return cached;
}
