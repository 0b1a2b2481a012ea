// Finds the project's `.ets` files and reads each one's parse: syntax errors, the modules it
// imports, and whether it is ArkUI code (only code outside ArkUI is linted without an SDK).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { arkuiComponents, arkuiDecorators, arkuiGlobalCalls, etsOption } from './ets-options.mjs';

// Folders that never hold project sources: dependencies, build outputs, IDE state, and the
// gate's own planted-bad samples (the gate's test copies those into a temporary tree).
const SKIPPED_DIRS = new Set(['node_modules', 'oh_modules', 'build', '.git', '.hvigor', '.cxx', '.idea', '.preview']);
const SKIPPED_PATHS = [join('host', 'test', 'fixtures')];

/** Every `.ets` file under `root`, sorted, as absolute paths. */
export function findEtsFiles(root) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        const rel = relative(root, full);
        if (SKIPPED_DIRS.has(entry.name) || SKIPPED_PATHS.some((p) => rel === p || rel.startsWith(p + sep))) continue;
        walk(full);
      } else if (entry.isFile() && entry.name.endsWith('.ets')) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found.sort();
}

function decoratorName(ts, decorator) {
  const expr = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
  return ts.isIdentifier(expr) ? expr.text : undefined;
}

// Names a file declares or imports at top level: a call to one of those is the file's own
// function, even when it is spelled like an ArkUI component.
function topLevelNames(ts, sourceFile) {
  const names = new Set();
  for (const statement of sourceFile.statements) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    } else if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) if (ts.isIdentifier(decl.name)) names.add(decl.name.text);
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) names.add(element.name.text);
      }
    }
  }
  return names;
}

/**
 * Parses one `.ets` file the way the ArkTS compiler does and reports:
 * `syntaxErrors` (diagnostics), `imports` ([{ specifier, pos }]) and `arkui` (why the file
 * counts as ArkUI code, or undefined).
 */
export function parseEtsFile(ts, fileName, text = readFileSync(fileName, 'utf8')) {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2021, true, ts.ScriptKind.ETS, { ets: etsOption() });
  const imports = [];
  let arkui;
  const ownNames = topLevelNames(ts, sourceFile);
  const addImport = (literal) => {
    if (literal && ts.isStringLiteralLike(literal)) imports.push({ specifier: literal.text, pos: literal.getStart(sourceFile) });
  };
  const markArkUI = (node, why) => {
    if (!arkui) arkui = { why, pos: node.getStart(sourceFile) };
  };
  const visit = (node) => {
    switch (node.kind) {
      case ts.SyntaxKind.ImportDeclaration:
      case ts.SyntaxKind.ExportDeclaration:
        addImport(node.moduleSpecifier);
        break;
      case ts.SyntaxKind.ImportEqualsDeclaration:
        if (ts.isExternalModuleReference(node.moduleReference)) addImport(node.moduleReference.expression);
        break;
      case ts.SyntaxKind.ImportType:
        if (ts.isLiteralTypeNode(node.argument)) addImport(node.argument.literal);
        break;
      case ts.SyntaxKind.StructDeclaration:
        markArkUI(node, `struct ${node.name ? node.name.text : ''}`.trim());
        break;
      case ts.SyntaxKind.EtsComponentExpression:
        markArkUI(node, `component ${node.expression.getText(sourceFile)}`);
        break;
      case ts.SyntaxKind.Decorator: {
        const name = decoratorName(ts, node);
        if (name && arkuiDecorators.has(name)) markArkUI(node, `@${name}`);
        break;
      }
      case ts.SyntaxKind.CallExpression: {
        const callee = node.expression;
        if (callee.kind === ts.SyntaxKind.ImportKeyword) addImport(node.arguments[0]);
        else if (ts.isIdentifier(callee) && !ownNames.has(callee.text) &&
          (arkuiGlobalCalls.has(callee.text) || arkuiComponents.has(callee.text))) {
          markArkUI(node, `${callee.text}()`);
        }
        break;
      }
      default:
        break;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { fileName, sourceFile, syntaxErrors: sourceFile.parseDiagnostics ?? [], imports, arkui };
}
