// Builds the ArkTS compiler's kind of program over the files to check (a builder program with
// the linter's strict twin) and collects their type errors and the ArkTS linter's problems.
import { resolve } from 'node:path';
import { asGlobalScript, sdkDeclarationRoots } from './arkts-sdk.mjs';

/**
 * Diagnostics of `checkFiles` (type check) and of `lintFiles` (ArkTSLinter_1_1), as
 * ts.Diagnostic objects. `globals` are the declaration files to add when there is no SDK.
 */
export function checkAndLint(ts, { options, resolveModule, checkFiles, lintFiles, sdk, globals }) {
  const roots = [...checkFiles];
  const sdkRoots = sdk ? sdkDeclarationRoots(sdk) : undefined;
  roots.push(...(sdkRoots ? sdkRoots.files : globals));

  const host = ts.createIncrementalCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const globalScripts = new Set(sdkRoots ? sdkRoots.globalScripts : []);
  host.readFile = (fileName) => {
    const text = readFile(fileName);
    return text !== undefined && globalScripts.has(fileName) ? asGlobalScript(text) : text;
  };
  host.resolveModuleNames = (names, containingFile) =>
    names.map((name) => resolveModule(typeof name === 'string' ? name : name.text, containingFile));

  const builder = ts.createEmitAndSemanticDiagnosticsBuilderProgramForArkTs(roots, options, host);
  const program = builder.getProgram();
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()];
  for (const fileName of checkFiles) {
    const sourceFile = program.getSourceFile(fileName);
    if (sourceFile) diagnostics.push(...builder.getSemanticDiagnostics(sourceFile));
  }
  if (lintFiles.size > 0) {
    // Lints every .ets file of the program; only the ones asked for are kept.
    for (const d of ts.ArkTSLinter_1_1.runArkTSLinter(builder, undefined, undefined, 'ArkTS_1_1')) {
      if (d.file && lintFiles.has(resolve(d.file.fileName))) diagnostics.push(d);
    }
  }
  return diagnostics;
}
