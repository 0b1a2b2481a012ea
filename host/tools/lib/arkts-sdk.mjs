// Locates a HarmonyOS/OpenHarmony SDK `ets` folder and lists the declaration files that the
// ArkTS compiler puts into every program: ets-loader's generated declarations (ArkUI components
// and the global functions) when present, otherwise the SDK's component folder and the global
// declarations of api/@internal/ets.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const isDir = (p) => existsSync(p) && statSync(p).isDirectory();
const dtsIn = (dir) => (isDir(dir) ? readdirSync(dir).filter((f) => f.endsWith('.d.ts') || f.endsWith('.d.ets')).sort().map((f) => join(dir, f)) : []);

/**
 * The SDK's `ets` folder for a path the user gave: the folder itself, or an SDK root that holds
 * it (`ets`, `openharmony/ets`, `default/openharmony/ets`). Undefined when none has `api`.
 */
export function locateSdkEts(given) {
  const base = resolve(given);
  for (const candidate of [base, join(base, 'ets'), join(base, 'openharmony', 'ets'), join(base, 'default', 'openharmony', 'ets')]) {
    if (isDir(join(candidate, 'api'))) return candidate;
  }
  return undefined;
}

/**
 * Folders holding the SDK's system modules: api, kits and arkts of the `ets` folder, and of the
 * HarmonyOS (HMS) `ets` folder beside it when the SDK has one (`<sdk>/hms/ets` next to
 * `<sdk>/openharmony/ets`), whose kits the app may import too.
 */
export function sdkModuleDirs(sdkEts) {
  const roots = [sdkEts];
  const hms = join(sdkEts, '..', '..', 'hms', 'ets');
  if (resolve(hms) !== resolve(sdkEts) && isDir(hms)) roots.push(resolve(hms));
  return roots.flatMap((r) => ['api', 'kits', 'arkts'].map((d) => join(r, d))).filter(isDir);
}

/** ets-loader's folder inside the SDK, or undefined. */
export function etsLoaderDir(sdkEts) {
  const dir = join(sdkEts, 'build-tools', 'ets-loader');
  return isDir(dir) ? dir : undefined;
}

/**
 * The declaration files every program of this SDK includes, where they came from, and which of
 * them are modules to be read as global scripts (ets-loader strips their `export`s when it
 * generates its declarations; a raw api/@internal/ets/global.d.ts still has them).
 */
export function sdkDeclarationRoots(sdkEts) {
  const loader = etsLoaderDir(sdkEts);
  const generated = loader ? dtsIn(join(loader, 'declarations')) : [];
  if (generated.length > 0) return { files: generated, globalScripts: [], source: 'build-tools/ets-loader/declarations' };
  const globals = [join(sdkEts, 'api', '@internal', 'ets', 'global.d.ts')].filter((f) => existsSync(f));
  const components = dtsIn(join(sdkEts, 'component'));
  const source = components.length > 0 ? 'component + api/@internal/ets/global.d.ts' : 'api/@internal/ets/global.d.ts (no component folder)';
  return { files: [...components, ...globals], globalScripts: globals, source };
}

/** A module's text as a global script: `export declare X` becomes `declare X`. */
export function asGlobalScript(text) {
  return text.replace(/^export declare /gm, 'declare ');
}
