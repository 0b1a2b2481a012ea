#!/usr/bin/env node
// The ArkTS gate (`npm run lint:arkts`): what DevEco's ArkTS compiler would refuse, found
// without DevEco. Every .ets file must parse; every .ets file outside ArkUI must pass the ArkTS
// linter (ArkTSLinter_1_1, standard mode, API 12) and type-check; with an SDK every .ets file
// is type-checked against the SDK's declarations and linted, ArkUI pages included.
import { existsSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findEtsFiles, parseEtsFile } from './lib/arkts-scan.mjs';
import { createResolver } from './lib/arkts-resolve.mjs';
import { checkAndLint } from './lib/arkts-check.mjs';
import { etsLoaderDir, locateSdkEts, sdkDeclarationRoots, sdkModuleDirs } from './lib/arkts-sdk.mjs';
import { gateCompilerOptions, loadOhosTypescript, repoRoot } from './lib/ets-options.mjs';

const USAGE = `usage: node host/tools/arkts-gate.mjs [--root DIR] [--sdk PATH] [--verbose]

Checks every .ets file under the project:
  1. it parses with ohos-typescript (ArkUI components and decorators enabled);
  2. if it does not use ArkUI (no struct, no ArkUI decorator, no component call) and imports
     only project files, 'lib*.so' native modules and '@ohos/hypium', it passes the ArkTS
     linter (ArkTSLinter_1_1, compatibleSdkVersion 12) and the type check with zero problems;
  3. with an SDK, every .ets file (pages included, as DevEco does) is type-checked against the
     SDK's declarations and linted.

  --root DIR    project folder to check (default: this repository)
  --sdk PATH    a HarmonyOS/OpenHarmony SDK 'ets' folder (holding api/, kits/, component/),
                or an SDK folder that contains one; default: $HARMONY_SDK_ETS
  --verbose     also list the files that were only parsed, and why
  --help        this text

Prints one line per problem, 'path:line:col  rule  message', then
'arkts: N files parsed, M linted, P problems'. Exit 0 without problems, 1 with, 2 on usage errors.`;

const ARKTS_RULE = /\s*\((arkts-[\w-]+)\)\s*$/;
const globalsDeclarations = join(repoRoot, 'host', 'tools', 'lib', 'arkts-globals.d.ts');

class UsageError extends Error {}
class SetupError extends Error {}

function readOptions(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        root: { type: 'string' },
        sdk: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }).values;
  } catch (err) {
    throw new UsageError(err.message);
  }
  const root = resolve(parsed.root ?? repoRoot);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`--root ${parsed.root}: not a folder`);
  const sdkGiven = parsed.sdk ?? (process.env.HARMONY_SDK_ETS || undefined);
  let sdk;
  if (sdkGiven !== undefined) {
    sdk = locateSdkEts(sdkGiven);
    const from = parsed.sdk !== undefined ? '--sdk' : 'HARMONY_SDK_ETS';
    if (!sdk) throw new UsageError(`${from} ${sdkGiven}: no SDK 'ets' folder there (expected a folder holding api/)`);
  }
  return { root, sdk, verbose: parsed.verbose, help: parsed.help };
}

function problemFrom(ts, diagnostic, fallbackRule) {
  let message = ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ');
  let rule = fallbackRule ?? `TS${diagnostic.code}`;
  const tagged = ARKTS_RULE.exec(message);
  if (tagged) {
    rule = tagged[1];
    message = message.slice(0, tagged.index);
  }
  if (diagnostic.category === ts.DiagnosticCategory.Warning) message = `(warning) ${message}`;
  const file = diagnostic.file;
  if (!file || diagnostic.start === undefined) return { fileName: '', line: 0, col: 0, rule, message };
  const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start);
  return { fileName: file.fileName, line: line + 1, col: character + 1, rule, message };
}

function displayPath(fileName) {
  if (!fileName) return '<options>';
  const rel = relative(process.cwd(), fileName);
  return rel.startsWith('..') ? fileName : rel;
}

// Which files outside ArkUI can be linted without an SDK: those whose imports all resolve and
// whose imported project .ets files can be linted too (their types must be known).
function lintableWithoutSdk(entries) {
  const lintable = new Set(entries.filter((e) => e.candidate && e.unresolved.length === 0).map((e) => e.fileName));
  let changed = true;
  while (changed) {
    changed = false;
    for (const e of entries) {
      if (lintable.has(e.fileName) && e.projectDeps.some((dep) => !lintable.has(dep))) {
        lintable.delete(e.fileName);
        e.blockedBy = e.projectDeps.find((dep) => !lintable.has(dep));
        changed = true;
      }
    }
  }
  return lintable;
}

// Parses every file and works out what each one imports.
function scanProject(ts, root, resolveModule, problems) {
  const files = findEtsFiles(root);
  const projectFiles = new Set(files);
  return files.map((fileName) => {
    const parsed = parseEtsFile(ts, fileName);
    for (const d of parsed.syntaxErrors) problems.push(problemFrom(ts, d, 'syntax'));
    const unresolved = [];
    const projectDeps = [];
    for (const { specifier } of parsed.imports) {
      const target = resolveModule(specifier, fileName);
      if (!target) unresolved.push(specifier);
      else if (target.extension === ts.Extension.Ets && projectFiles.has(target.resolvedFileName)) projectDeps.push(target.resolvedFileName);
    }
    const declaration = fileName.endsWith('.d.ets');
    const syntaxBroken = parsed.syntaxErrors.length > 0;
    const candidate = !parsed.arkui && !declaration && !syntaxBroken;
    return { fileName, arkui: parsed.arkui, declaration, syntaxBroken, candidate, unresolved, projectDeps };
  });
}

function whyParsedOnly(e) {
  if (e.syntaxBroken) return 'syntax errors';
  if (e.declaration) return 'declaration file';
  if (e.arkui) return `ArkUI (${e.arkui.why})`;
  if (e.unresolved.length > 0) return `imports ${e.unresolved.join(', ')} (needs --sdk)`;
  return `imports ${displayPath(e.blockedBy)}, which is not linted`;
}

function dedupeAndSort(problems) {
  const seen = new Set();
  const unique = problems.filter((p) => {
    const key = `${p.fileName}:${p.line}:${p.col}:${p.rule}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => a.fileName.localeCompare(b.fileName) || a.line - b.line || a.col - b.col);
}

function main(argv) {
  const opts = readOptions(argv);
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  let ts;
  try {
    ts = loadOhosTypescript();
  } catch (err) {
    throw new SetupError(`cannot load ohos-typescript (${err.message.split('\n')[0]}); run npm install`);
  }
  const started = Date.now();
  const options = { ...gateCompilerOptions(ts, { etsLoaderPath: opts.sdk ? etsLoaderDir(opts.sdk) : undefined }), packageManagerType: 'ohpm' };
  const resolveModule = createResolver(ts, options, { root: opts.root, sdkDirs: opts.sdk ? sdkModuleDirs(opts.sdk) : [] });

  const problems = [];
  const entries = scanProject(ts, opts.root, resolveModule, problems);
  // With an SDK every file is type-checked and linted, as DevEco does; without one, only the
  // files outside ArkUI whose imports resolve here.
  const lintFiles = opts.sdk
    ? new Set(entries.filter((e) => !e.syntaxBroken && !e.declaration).map((e) => e.fileName))
    : lintableWithoutSdk(entries);
  const checkFiles = opts.sdk ? new Set(entries.filter((e) => !e.syntaxBroken).map((e) => e.fileName)) : lintFiles;
  if (checkFiles.size > 0) {
    const diagnostics = checkAndLint(ts, { options, resolveModule, checkFiles, lintFiles, sdk: opts.sdk, globals: [globalsDeclarations] });
    for (const d of diagnostics) problems.push(problemFrom(ts, d));
  }

  const unique = dedupeAndSort(problems);
  for (const p of unique) console.log(`${displayPath(p.fileName)}:${p.line}:${p.col}  ${p.rule}  ${p.message}`);
  if (opts.verbose) {
    for (const e of entries) {
      if (!lintFiles.has(e.fileName)) console.log(`arkts: parsed only: ${displayPath(e.fileName)}: ${whyParsedOnly(e)}`);
    }
  }
  if (opts.sdk) {
    console.log(`arkts: SDK type check of ${checkFiles.size} files against ${opts.sdk} (${sdkDeclarationRoots(opts.sdk).source})`);
  } else {
    const needSdk = entries.filter((e) => e.candidate && !lintFiles.has(e.fileName)).length;
    const more = needSdk > 0 ? `; ${needSdk} file(s) outside ArkUI import SDK modules and were only parsed` : '';
    console.log(`arkts: SDK type check skipped (no --sdk or HARMONY_SDK_ETS given)${more}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`arkts: ${entries.length} files parsed, ${lintFiles.size} linted, ${unique.length} problems (${seconds} s)`);
  return unique.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) console.error(`arkts-gate: ${err.message}\n\n${USAGE}`);
  else if (err instanceof SetupError) console.error(`arkts-gate: ${err.message}`);
  else throw err;
  process.exitCode = 2;
}
