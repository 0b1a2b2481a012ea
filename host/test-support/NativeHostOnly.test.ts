// Host-only hypium suite (TypeScript, not ArkTS; run by host/tools/hypium-run.mjs, never on a
// device): the native-module checks the ArkTS suites cannot express. A Float32Array over a
// detached ArrayBuffer needs structuredClone's transfer list; the version check reads
// package.json; the odd values (Proxy, Symbol, BigInt arrays, null) cannot be typed in ArkTS.
import { describe, expect, it } from '@ohos/hypium';
import pruner from 'libpruner.so';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './HostPaths';

type Loose = (...args: unknown[]) => unknown;

function thrownCode(call: () => unknown): string {
  try {
    call();
  } catch (e) {
    if (!(e instanceof Error)) return 'not an Error';
    return String((e as Error & { code?: unknown }).code);
  }
  return 'nothing thrown';
}

export default function nativeHostOnlyTest(): void {
  describe('NativeHostOnlyTest', () => {
    it('rejects a Float32Array over a detached ArrayBuffer with BAD_ARGUMENT', 0, () => {
      const buffer = new ArrayBuffer(16);
      const weights = new Float32Array(buffer);
      weights.set([1, 2, 3, 4]);
      expect(pruner.weightStats(weights).l1).assertEqual(10);
      structuredClone(buffer, { transfer: [buffer] });
      expect(buffer.byteLength).assertEqual(0); // really detached
      expect(thrownCode(() => pruner.weightStats(weights))).assertEqual('BAD_ARGUMENT');
      expect(thrownCode(() => pruner.weightStats(new Float32Array(new ArrayBuffer(8)).subarray(1)))).assertEqual('nothing thrown');
    });

    it('rejects values no ArkTS code can produce with BAD_ARGUMENT', 0, () => {
      const loose = pruner.weightStats as unknown as Loose;
      const odd: unknown[] = [undefined, null, {}, Symbol('w'), 1n, new BigInt64Array(2),
        new Proxy(new Float32Array(2), {}), { length: 2, 0: 1, 1: 2 }, () => 1];
      for (const value of odd) {
        expect(thrownCode(() => loose(value))).assertEqual('BAD_ARGUMENT');
      }
    });

    it('reads Float32Arrays over SharedArrayBuffer and subclasses', 0, () => {
      const shared = new Float32Array(new SharedArrayBuffer(12));
      shared.set([1, -2, 0]);
      const stats = pruner.weightStats(shared);
      expect(stats.l1).assertEqual(3);
      expect(stats.zeros).assertEqual(1);
      class Weights extends Float32Array {}
      expect(pruner.weightStats(new Weights([4, 5])).max).assertEqual(5);
    });

    it('reports the version in package.json', 0, () => {
      const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string };
      expect(pruner.version()).assertEqual(pkg.version);
    });
  });
}
