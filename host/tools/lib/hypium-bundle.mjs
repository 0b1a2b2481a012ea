// Bundles one suite list with the npm @ohos/hypium into a Node ESM file that runs it.
// What the bundle maps, so the very files DevEco runs also run on Node:
//   'libpruner.so'        -> the host addon (PRUNELAB_ADDON, else build/Release/pruner.node)
//   '@ohos/hypium'        -> node_modules/@ohos/hypium (bundled: it has extension-less imports)
//   '*.device.test'       -> an empty suite function (those suites need a device)
//   ohosTest/ets/support/X -> host/test-support/X.ts when that host twin exists (test ports)
//   '.ets'                -> TypeScript (strict ArkTS is TypeScript)
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

const ADDON_NS = 'prunelab-addon';
const DEVICE_NS = 'prunelab-device-suite';

function hostPlugin(repoRoot) {
  const hypiumEntry = join(repoRoot, 'node_modules/@ohos/hypium/index.js');
  const supportDir = join(repoRoot, 'entry/src/ohosTest/ets/support') + sep;
  const twinDir = join(repoRoot, 'host/test-support');
  const defaultAddon = join(repoRoot, 'build/Release/pruner.node');
  return {
    name: 'prunelab-hypium-host',
    setup(b) {
      b.onResolve({ filter: /^@ohos\/hypium$/ }, () => ({ path: hypiumEntry }));
      b.onResolve({ filter: /^libpruner\.so$/ }, () => ({ path: 'libpruner.so', namespace: ADDON_NS }));
      // CommonJS so that both `import pruner from` and `import { weightStats } from` work, as on a device.
      b.onLoad({ filter: /.*/, namespace: ADDON_NS }, () => ({
        contents: [
          `const path = process.env.PRUNELAB_ADDON || ${JSON.stringify(defaultAddon)};`,
          'try {',
          '  module.exports = require(path);',
          '} catch (error) {',
          '  throw new Error(`libpruner.so: the host addon ${path} could not be loaded (${error.message.split("\\n")[0]}); ` +',
          "    'run `npm install`, or point PRUNELAB_ADDON at a build of it');",
          '}',
        ].join('\n'),
        loader: 'js',
      }));
      b.onResolve({ filter: /\.device\.test(\.ets)?$/ }, (args) => ({
        path: resolve(args.resolveDir, args.path),
        namespace: DEVICE_NS,
      }));
      b.onLoad({ filter: /.*/, namespace: DEVICE_NS }, () => ({
        contents: 'export default function deviceOnlySuite() {}',
        loader: 'js',
      }));
      b.onResolve({ filter: /^\.{1,2}\// }, (args) => {
        if (args.namespace !== 'file') return undefined;
        const target = resolve(args.resolveDir, args.path);
        if (!target.startsWith(supportDir)) return undefined;
        const twin = join(twinDir, `${relative(supportDir, target).replace(/\.ets$/, '')}.ts`);
        return existsSync(twin) ? { path: twin } : undefined;
      });
    },
  };
}

// Writes build/hypium/<name>.mjs (or under outDir) and returns its path.
export async function bundleList({ repoRoot, spec, outDir }) {
  const outfile = join(outDir, `${spec.name}.mjs`);
  const childLib = join(repoRoot, 'host/tools/lib/hypium-child.mjs');
  await build({
    stdin: {
      contents: [
        `import testsuite from ${JSON.stringify(spec.list)};`,
        `import { runHypiumChild } from ${JSON.stringify(childLib)};`,
        `runHypiumChild(${JSON.stringify(spec.name)}, testsuite);`,
      ].join('\n'),
      resolveDir: repoRoot,
      sourcefile: `hypium-entry-${spec.name}.mjs`,
      loader: 'js',
    },
    outfile,
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    loader: { '.ets': 'ts' },
    resolveExtensions: ['.ets', '.ts', '.mjs', '.js'],
    define: { __PRUNELAB_REPO_ROOT__: JSON.stringify(repoRoot) },
    banner: { js: "import { createRequire as __plCreateRequire } from 'node:module'; const require = __plCreateRequire(import.meta.url);" },
    plugins: [hostPlugin(repoRoot)],
    logLevel: 'silent',
    logOverride: { 'unsupported-require-call': 'silent' },
  });
  return outfile;
}

// esbuild failures carry structured messages; this turns them into "file:line: text" lines.
export function describeBuildError(error) {
  if (!Array.isArray(error?.errors) || error.errors.length === 0) return [String(error?.stack ?? error)];
  return error.errors.map((m) => {
    // Locations are relative to absWorkingDir, the repository root.
    const where = m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ` : '';
    return `${where}${m.text}`;
  });
}
