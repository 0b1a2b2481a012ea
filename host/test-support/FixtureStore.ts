// Host twin of entry/src/ohosTest/ets/support/FixtureStore.ets (same three functions): reads the
// real converter-made models and reference data from the shared fixture folder. The hypium
// harness swaps this file in wherever a suite imports '../support/FixtureStore'.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fixtureDir } from './HostPaths';

function fixturePath(name: string): string {
  // Fixture names are plain file names; anything else would read outside the fixture folder.
  if (name === '' || basename(name) !== name || name === '.' || name === '..') {
    throw new Error(`fixture name ${JSON.stringify(name)} is not a plain file name`);
  }
  return join(fixtureDir(), name);
}

export function fixtureAvailable(name: string): boolean {
  const path = fixturePath(name);
  return existsSync(path) && statSync(path).isFile();
}

/** The fixture's bytes in an ArrayBuffer of their own (offset 0, exact length); throws when absent. */
export function loadFixture(name: string): ArrayBuffer {
  if (!fixtureAvailable(name)) {
    throw new Error(`fixture ${name} is not available: ${fixtureSkipNote()}`);
  }
  const bytes = readFileSync(fixturePath(name));
  // Small files share Node's buffer pool: copy out exactly this file's bytes.
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

export function fixtureSkipNote(): string {
  return `shared fixtures not found in ${fixtureDir()} (set PRUNELAB_FIXTURES to the folder of the .ms fixtures)`;
}
