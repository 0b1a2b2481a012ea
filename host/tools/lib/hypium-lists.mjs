// The suite lists the hypium harness runs, and the check that a List file calls every suite of
// its folder (so the list DevEco runs and the list Node runs are one and the same file).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

// name: used for build/hypium/<name>.mjs and in the output.
// suffix: how a suite file's name ends; deviceSuffix: suites that run only on a device.
export function suiteLists(repoRoot) {
  return [
    {
      name: 'ohosTest',
      title: 'instrumented suites (entry/src/ohosTest), native module = host addon',
      list: join(repoRoot, 'entry/src/ohosTest/ets/test/List.test.ets'),
      suffix: '.test.ets',
      deviceSuffix: '.device.test.ets',
    },
    {
      name: 'test',
      title: 'local unit suites (entry/src/test)',
      list: join(repoRoot, 'entry/src/test/List.test.ets'),
      suffix: '.test.ets',
      deviceSuffix: '.device.test.ets',
    },
    {
      name: 'host',
      title: 'host-only suites (host/test-support): checks ArkTS cannot express',
      list: join(repoRoot, 'host/test-support/List.host.ts'),
      suffix: '.test.ts',
      deviceSuffix: null,
    },
  ];
}

function suiteFilesUnder(dir, suffix, listFile) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...suiteFilesUnder(path, suffix, listFile));
    else if (entry.name.endsWith(suffix) && path !== listFile) out.push(path);
  }
  return out;
}

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

// Returns { problems: string[], deviceOnly: string[] (repo-relative), suites: string[] }.
export function checkList(repoRoot, spec) {
  const problems = [];
  if (!existsSync(spec.list)) {
    return { problems: [`${relative(repoRoot, spec.list)} is missing`], deviceOnly: [], suites: [] };
  }
  const dir = dirname(spec.list);
  const text = stripComments(readFileSync(spec.list, 'utf8'));
  const imported = new Map(); // absolute suite path -> local binding
  const importRe = /^\s*import\s+([A-Za-z_$][\w$]*)\s+from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const m of text.matchAll(importRe)) {
    let target = resolve(dir, m[2]);
    if (!target.endsWith(spec.suffix)) target += spec.suffix.slice(spec.suffix.lastIndexOf('.'));
    imported.set(target, m[1]);
  }
  const body = text.replace(importRe, '');
  if (!/export\s+default\s+function\s+testsuite\s*\(/.test(body)) {
    problems.push(`${relative(repoRoot, spec.list)} does not export \`default function testsuite()\``);
  }
  const suites = suiteFilesUnder(dir, spec.suffix, spec.list).sort();
  const deviceOnly = [];
  for (const file of suites) {
    const rel = relative(repoRoot, file);
    const binding = imported.get(file);
    if (binding === undefined) {
      problems.push(`${relative(repoRoot, spec.list)} does not import ${rel}`);
    } else if (!new RegExp(`(^|[^\\w$.])${binding.replace(/\$/g, '\\$')}\\s*\\(`).test(body)) {
      problems.push(`${relative(repoRoot, spec.list)} imports ${rel} as ${binding} but never calls ${binding}()`);
    }
    if (!/export\s+default\s+function\s+[A-Za-z_$][\w$]*\s*\(/.test(stripComments(readFileSync(file, 'utf8')))) {
      problems.push(`${rel} does not export a default suite function`);
    }
    if (spec.deviceSuffix !== null && file.endsWith(spec.deviceSuffix)) deviceOnly.push(rel);
  }
  for (const target of imported.keys()) {
    if (!existsSync(target)) problems.push(`${relative(repoRoot, spec.list)} imports ${relative(repoRoot, target)}, which does not exist`);
  }
  return { problems, deviceOnly, suites: suites.map((f) => relative(repoRoot, f)) };
}
