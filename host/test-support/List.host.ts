// Host-only hypium suites (plain TypeScript), run by host/tools/hypium-run.mjs as the `host` list.
// Every *.test.ts file of this folder must be called here (the harness checks it).
import nativeHostOnlyTest from './NativeHostOnly.test';

export default function testsuite(): void {
  nativeHostOnlyTest();
}
