// Module resolution for the ArkTS gate, after ets-loader's: relative files (.ets, .ts, .d.ts,
// .d.ets), native modules `lib<name>.so` through their typed surface
// `<module>/src/main/cpp/types/lib<name>/Index.d.ts`, `@ohos/hypium` through the gate's own
// declaration file, ohpm packages in oh_modules, and, with an SDK, the system modules
// `@ohos.*`, `@system.*`, `@kit.*`, `@arkts.*`, `@hms.*` from its api, kits and arkts folders.
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const hypiumDeclarations = join(dirname(fileURLToPath(import.meta.url)), 'arkts-hypium.d.ts');

const SYSTEM_MODULE = /^@(ohos|system|kit|arkts|hms)\./i;
const NATIVE_MODULE = /^(lib[\w.-]+)\.so$/;

function extensionOf(ts, fileName) {
  if (fileName.endsWith('.d.ets')) return ts.Extension.Dets;
  if (fileName.endsWith('.d.ts')) return ts.Extension.Dts;
  if (fileName.endsWith('.ets')) return ts.Extension.Ets;
  return ts.Extension.Ts;
}

function resolved(ts, fileName, external) {
  return { resolvedFileName: fileName, extension: extensionOf(ts, fileName), isExternalLibraryImport: external };
}

// The HAP module folder of a source file: the part of its path before `/src/`.
function moduleDirOf(fileName) {
  const at = fileName.lastIndexOf(`${sep}src${sep}`);
  return at > 0 ? fileName.slice(0, at) : undefined;
}

/**
 * Returns `resolveModule(specifier, containingFile)` → a ResolvedModuleFull or undefined.
 * `root` is the project folder, `sdkDirs` the SDK folders holding system modules (none without
 * an SDK).
 */
export function createResolver(ts, options, { root, sdkDirs = [] }) {
  const cache = new Map();

  const resolveNative = (name, containingFile) => {
    const dirs = [moduleDirOf(containingFile), join(root, 'entry')].filter(Boolean);
    for (const dir of dirs) {
      const typed = join(dir, 'src', 'main', 'cpp', 'types', name, 'Index.d.ts');
      if (existsSync(typed)) return resolved(ts, typed, false);
    }
    return undefined;
  };

  const resolveSystem = (specifier) => {
    for (const dir of sdkDirs) {
      for (const ext of ['.d.ts', '.d.ets']) {
        const file = join(dir, specifier + ext);
        if (existsSync(file)) return resolved(ts, file, true);
      }
    }
    return undefined;
  };

  const resolveUncached = (specifier, containingFile) => {
    if (specifier === '@ohos/hypium') return resolved(ts, hypiumDeclarations, true);
    const native = NATIVE_MODULE.exec(specifier);
    if (native) {
      const typed = resolveNative(native[1], containingFile);
      if (typed) return typed;
    }
    if (SYSTEM_MODULE.test(specifier)) return resolveSystem(specifier);
    // Relative files, and ohpm packages when oh_modules exists (packageManagerType 'ohpm').
    const result = ts.resolveModuleName(specifier, containingFile, options, ts.sys).resolvedModule;
    if (result) return result;
    // An SDK file naming a system module by a name without the usual prefix.
    if (sdkDirs.length > 0 && sdkDirs.some((d) => resolve(containingFile).startsWith(resolve(d, '..') + sep))) {
      return resolveSystem(specifier);
    }
    return undefined;
  };

  return (specifier, containingFile) => {
    const key = `${dirname(containingFile)}\0${specifier}`;
    if (!cache.has(key)) cache.set(key, resolveUncached(specifier, containingFile));
    return cache.get(key);
  };
}
