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
import { asGlobalScript, etsLoaderDir, locateSdkEts, sdkDeclarationRoots } from './lib/arkts-sdk.mjs';
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

function main(argv) {
  const opts = readOptions(argv);
  if (opts.help) {
    console.log(USAGE);
    return 0;
  }
  const ts = loadOhosTypescript();
  const started = Date.now();
  const loader = opts.sdk ? etsLoaderDir(opts.sdk) : undefined;
  const options = { ...gateCompilerOptions(ts, { etsLoaderPath: loader }), packageManagerType: 'ohpm' };
  const resolveModule = createResolver(ts, options, { root: opts.root, sdk: opts.sdk });

  const problems = [];
  const files = findEtsFiles(opts.root);
  const projectFiles = new Set(files);
  const entries = files.map((fileName) => {
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
    const candidate = !parsed.arkui && !declaration && parsed.syntaxErrors.length === 0;
    return { fileName, arkui: parsed.arkui, declaration, syntaxBroken: parsed.syntaxErrors.length > 0, candidate, unresolved, projectDeps };
  });

  const lintSet = opts.sdk
    ? new Set(entries.filter((e) => !e.syntaxBroken && !e.declaration).map((e) => e.fileName))
    : lintableWithoutSdk(entries);
  // Without an SDK only the lintable files are type-checked; with one, every file is.
  const checkSet = opts.sdk ? new Set(entries.filter((e) => !e.syntaxBroken).map((e) => e.fileName)) : lintSet;

  if (checkSet.size > 0) {
    const roots = [...checkSet];
    const sdkRoots = opts.sdk ? sdkDeclarationRoots(opts.sdk) : undefined;
    if (sdkRoots) roots.push(...sdkRoots.files);
    else roots.push(globalsDeclarations);
    const host = ts.createIncrementalCompilerHost(options);
    const readFile = host.readFile.bind(host);
    const globalScripts = new Set(sdkRoots ? sdkRoots.globalScripts : []);
    host.readFile = (fileName) => {
      const text = readFile(fileName);
      return text !== undefined && globalScripts.has(fileName) ? asGlobalScript(text) : text;
    };
    host.resolveModuleNames = (names, containingFile) => names.map((n) => resolveModule(typeof n === 'string' ? n : n.text, containingFile));
    const builder = ts.createEmitAndSemanticDiagnosticsBuilderProgramForArkTs(roots, options, host);
    const program = builder.getProgram();
    for (const d of [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]) problems.push(problemFrom(ts, d));
    for (const fileName of checkSet) {
      const sourceFile = program.getSourceFile(fileName);
      if (!sourceFile) continue;
      for (const d of builder.getSemanticDiagnostics(sourceFile)) problems.push(problemFrom(ts, d));
    }
    if (lintSet.size > 0) {
      const lintDiagnostics = ts.ArkTSLinter_1_1.runArkTSLinter(builder, undefined, undefined, 'ArkTS_1_1');
      for (const d of lintDiagnostics) {
        if (d.file && lintSet.has(resolve(d.file.fileName))) problems.push(problemFrom(ts, d));
      }
    }
  }

  const seen = new Set();
  const unique = problems.filter((p) => {
    const key = `${p.fileName}:${p.line}:${p.col}:${p.rule}:${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => a.fileName.localeCompare(b.fileName) || a.line - b.line || a.col - b.col);
  for (const p of unique) console.log(`${displayPath(p.fileName)}:${p.line}:${p.col}  ${p.rule}  ${p.message}`);

  const parseOnly = entries.filter((e) => !lintSet.has(e.fileName));
  if (opts.verbose) {
    for (const e of parseOnly) {
      let why;
      if (e.syntaxBroken) why = 'syntax errors';
      else if (e.declaration) why = 'declaration file';
      else if (e.arkui) why = `ArkUI (${e.arkui.why})`;
      else if (e.unresolved.length > 0) why = `imports ${e.unresolved.join(', ')} (needs --sdk)`;
      else why = `imports ${displayPath(e.blockedBy)}, which is not linted`;
      console.log(`arkts: parsed only: ${displayPath(e.fileName)}: ${why}`);
    }
  }
  if (opts.sdk) {
    console.log(`arkts: SDK type check of ${checkSet.size} files against ${opts.sdk} (${sdkDeclarationRoots(opts.sdk).source})`);
  } else {
    const needSdk = entries.filter((e) => e.candidate && !lintSet.has(e.fileName)).length;
    const more = needSdk > 0 ? `; ${needSdk} file(s) outside ArkUI import SDK modules and were only parsed` : '';
    console.log(`arkts: SDK type check skipped (no --sdk or HARMONY_SDK_ETS given)${more}`);
  }
  console.log(`arkts: ${files.length} files parsed, ${lintSet.size} linted, ${unique.length} problems (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return unique.length > 0 ? 1 : 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  console.error(`arkts-gate: ${err.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
