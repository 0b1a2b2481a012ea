// Compiles C++ sources in parallel with a dependency-aware object cache, then links.
// Shared by the native test build and the developer addon build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export function nativeSources(mode) {
  const out = spawnSync(process.execPath, [join(repoRoot, 'host/tools/native-sources.mjs'), mode], { encoding: 'utf8' });
  return out.stdout.split('\n').filter(Boolean);
}

// True when the object is older than its source or any header it depended on last time.
function stale(obj, dep, src) {
  if (!existsSync(obj) || !existsSync(dep)) return true;
  const built = statSync(obj).mtimeMs;
  const deps = readFileSync(dep, 'utf8').replace(/\\\n/g, ' ').split(/\s+/).slice(1).filter((p) => p && !p.endsWith(':'));
  return [src, ...deps].some((p) => !existsSync(p) || statSync(p).mtimeMs > built);
}

function run(cmd, argv) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

// sources: repo-relative paths. Returns true when `output` is up to date.
export async function buildBinary({ label, sources, outDir, output, compileFlags, linkFlags }) {
  const objDir = join(outDir, 'obj');
  mkdirSync(objDir, { recursive: true });
  const cxx = process.env.CXX || 'g++';
  const jobs = sources.map((src) => {
    const base = src.replace(/[/.]/g, '_');
    return { src: join(repoRoot, src), obj: join(objDir, `${base}.o`), dep: join(objDir, `${base}.d`) };
  });
  const todo = jobs.filter((j) => stale(j.obj, j.dep, j.src));
  const parallel = Math.max(1, cpus().length);
  if (todo.length > 0) console.log(`${label}: compiling ${todo.length} of ${jobs.length} files`);
  for (let i = 0; i < todo.length; i += parallel) {
    const codes = await Promise.all(todo.slice(i, i + parallel).map((j) =>
      run(cxx, [...compileFlags, '-MMD', '-MF', j.dep, '-c', j.src, '-o', j.obj])));
    if (codes.some((c) => c !== 0)) return false;
  }
  const newest = Math.max(...jobs.map((j) => statSync(j.obj).mtimeMs));
  if (!existsSync(output) || statSync(output).mtimeMs < newest) {
    const code = await run(cxx, [...compileFlags, ...jobs.map((j) => j.obj), ...linkFlags, '-o', output]);
    if (code !== 0) return false;
  }
  return true;
}
