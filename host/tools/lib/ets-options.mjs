// Compiler options with which the ArkTS gate parses, type-checks and lints `.ets` files.
// Values follow the API 12 ArkTS compiler (ets-loader tsconfig.json and its ets_checker
// compiler options at OpenHarmony-v5.0.0-Release); `ets` is what makes ohos-typescript parse
// `struct`, ArkUI component blocks and the ArkUI decorators.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** OpenHarmony's TypeScript fork (parser with the `ets` option, ArkTS linter). */
export function loadOhosTypescript() {
  return createRequire(join(repoRoot, 'package.json'))('ohos-typescript');
}

// The 121 components the API 12 compiler knows. All but CUSTOM_ONLY accept @Extend.
const ARKUI_COMPONENTS = [
  'AbilityComponent', 'AlphabetIndexer', 'Animator', 'Badge', 'Blank', 'Button', 'Calendar', 'CalendarPicker',
  'Camera', 'Canvas', 'Checkbox', 'CheckboxGroup', 'Circle', 'ColorPicker', 'ColorPickerDialog', 'Column',
  'ColumnSplit', 'ContentSlot', 'Counter', 'DataPanel', 'DatePicker', 'Divider', 'EffectComponent', 'Ellipse',
  'EmbeddedComponent', 'Flex', 'FolderStack', 'FormComponent', 'FormLink', 'Gauge', 'GeometryView', 'Grid',
  'GridItem', 'GridContainer', 'Hyperlink', 'Image', 'ImageAnimator', 'Line', 'List', 'ListItem', 'ListItemGroup',
  'LoadingProgress', 'Marquee', 'MediaCachedImage', 'Menu', 'MenuItem', 'MenuItemGroup', 'MovingPhotoView',
  'NavDestination', 'NavRouter', 'Navigation', 'Navigator', 'NodeContainer', 'Option', 'PageTransitionEnter',
  'PageTransitionExit', 'Panel', 'Particle', 'Path', 'PatternLock', 'Piece', 'PluginComponent', 'Polygon',
  'Polyline', 'Progress', 'QRCode', 'Radio', 'Rating', 'Rect', 'Refresh', 'RelativeContainer', 'RemoteWindow',
  'RootScene', 'Row', 'RowSplit', 'RichText', 'Screen', 'Scroll', 'ScrollBar', 'Search', 'Section', 'Select',
  'Shape', 'Sheet', 'SideBarContainer', 'Slider', 'Span', 'Stack', 'Stepper', 'StepperItem', 'Swiper',
  'SymbolGlyph', 'SymbolSpan', 'TabContent', 'Tabs', 'Text', 'TextPicker', 'TextClock', 'TextArea', 'TextInput',
  'TextTimer', 'TimePicker', 'Toggle', 'Video', 'Web', 'WindowScene', 'WithTheme', 'XComponent', 'GridRow',
  'GridCol', 'WaterFlow', 'FlowItem', 'ImageSpan', 'LocationButton', 'PasteButton', 'SaveButton',
  'UIExtensionComponent', 'IsolatedComponent', 'RichEditor', 'Component3D', 'ContainerSpan',
];
const CUSTOM_ONLY = new Set(['ContentSlot', 'WithTheme']);

// [name, emitParameters] of the decorators the compiler keeps in its output.
const EMIT_DECORATORS = [
  ['Entry', true], ['Component', false], ['Reusable', false], ['CustomDialog', false], ['Consume', true],
  ['Link', false], ['LocalStorageLink', true], ['LocalStorageProp', true], ['ObjectLink', false], ['Prop', false],
  ['Provide', true], ['State', false], ['StorageLink', true], ['StorageProp', true], ['Builder', false],
  ['LocalBuilder', false], ['BuilderParam', false], ['Observed', false], ['Require', false], ['Sendable', false],
  ['Track', false], ['ComponentV2', true], ['ObservedV2', false], ['Trace', false], ['Local', false],
  ['Param', false], ['Once', false], ['Event', false], ['Monitor', true], ['Provider', true], ['Consumer', true],
  ['Computed', false], ['Type', true],
];

/** Component names: a call to one of them in a file means the file is ArkUI code. */
export const arkuiComponents = new Set([...ARKUI_COMPONENTS, 'ForEach', 'LazyForEach', 'Repeat']);

/**
 * Decorators that belong to ArkUI (components, builders, state management). Sendable and
 * Concurrent are language features of ArkTS itself and stay out of this set.
 */
export const arkuiDecorators = new Set([
  ...EMIT_DECORATORS.map(([name]) => name).filter((n) => n !== 'Sendable'),
  'Preview', 'Watch', 'Extend', 'AnimatableExtend', 'Styles',
]);

/** ArkUI global functions that only exist in UI code (resource references). */
export const arkuiGlobalCalls = new Set(['$r', '$rawfile']);

/** The `ets` compiler option of the API 12 compiler. */
export function etsOption() {
  return {
    emitDecorators: EMIT_DECORATORS.map(([name, emitParameters]) => ({ name, emitParameters })),
    propertyDecorators: ['Link', 'Prop', 'ObjectLink', 'Consume'].map((name) => ({ name, needInitialization: false })),
    render: { method: ['build', 'pageTransition'], decorator: ['LocalBuilder', 'Builder'] },
    components: [...ARKUI_COMPONENTS],
    extend: {
      decorator: ['Extend', 'AnimatableExtend'],
      components: ARKUI_COMPONENTS.filter((n) => !CUSTOM_ONLY.has(n))
        .map((name) => ({ name, type: `${name}Attribute`, instance: `${name}Instance` })),
    },
    styles: { decorator: 'Styles', component: { name: 'Common', type: 'T', instance: 'CommonInstance' }, property: 'stateStyles' },
    concurrent: { decorator: 'Concurrent' },
    customComponent: 'CustomComponent',
    syntaxComponents: {
      paramsUICallback: ['ForEach', 'LazyForEach'],
      attrUICallback: [{ name: 'Repeat', attributes: ['each', 'template'] }],
    },
  };
}

/**
 * Options of the gate's Program. Like ets-loader for an API 12 Stage-model module: ES2021,
 * ES modules, node resolution, non-strict base options (the linter's own type checker adds
 * strictNullChecks, strictFunctionTypes, strictPropertyInitialization and noImplicitReturns and
 * reports what they add), linter on in standard mode with compatibleSdkVersion 12.
 * `etsLoaderPath` is set only when an SDK with ets-loader is given.
 */
export function gateCompilerOptions(ts, { etsLoaderPath } = {}) {
  const options = {
    ets: etsOption(),
    target: ts.ScriptTarget.ES2021,
    lib: ['lib.es2021.d.ts'],
    module: ts.ModuleKind.ES2020,
    moduleResolution: ts.ModuleResolutionKind.NodeJs,
    allowSyntheticDefaultImports: true,
    esModuleInterop: true,
    experimentalDecorators: true,
    importsNotUsedAsValues: ts.ImportsNotUsedAsValues.Remove,
    alwaysStrict: true,
    noImplicitAny: false,
    resolveJsonModule: true,
    skipLibCheck: true,
    // The linter turns skipLibCheck off, so TypeScript's own lib.*.d.ts would be checked twice
    // per run; their diagnostics are never reported, and skipping them saves a fifth of the time.
    skipDefaultLibCheck: true,
    noEmit: true,
    types: [],
    typeRoots: [],
    needDoArkTsLinter: true,
    isCompatibleVersion: false,
    compatibleSdkVersion: 12,
    tsImportSendableEnable: false,
  };
  if (etsLoaderPath) options.etsLoaderPath = etsLoaderPath;
  return options;
}
