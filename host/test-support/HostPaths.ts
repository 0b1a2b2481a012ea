// Where the host test ports find things. The hypium harness (host/tools/lib/hypium-bundle.mjs)
// defines __PRUNELAB_REPO_ROOT__ as the repository root when it bundles the suites.
import { join, resolve } from 'node:path';

declare const __PRUNELAB_REPO_ROOT__: string;

export function repoRoot(): string {
  return __PRUNELAB_REPO_ROOT__;
}

/** The shared fixture folder: $PRUNELAB_FIXTURES, else ../shared/fixtures/ms beside the repository. */
export function fixtureDir(): string {
  const fromEnv = process.env.PRUNELAB_FIXTURES;
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(repoRoot(), '..', 'shared', 'fixtures', 'ms');
}
