#!/usr/bin/env node
// Lists the native core's .cpp files for the host builds, one per line, relative to the repo
// root. The device build (entry/src/main/cpp/CMakeLists.txt) globs the same folders, so the
// sources stay the same. `addon` (default): everything but device-only code; `core`: also
// without the Node-API bindings (for the native test and fuzz programs).
import { readdirSync, statSync } from 'node:fs';
import { join, relative, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cppRoot = join(root, 'entry', 'src', 'main', 'cpp');
const mode = process.argv[2] ?? 'addon';
// runtime/: the MindSpore Lite NDK adapter, device only. fuzz/, types/: not library code.
const skipped = new Set(['runtime', 'fuzz', 'types']);
if (mode === 'core') skipped.add('napi');

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) {
      if (dir === cppRoot && skipped.has(name)) continue;
      walk(full, out);
    } else if (name.endsWith('.cpp')) {
      out.push(relative(root, full).split('\\').join('/'));
    }
  }
  return out;
}

process.stdout.write(walk(cppRoot, []).join('\n') + '\n');
