/**
 * @module
 * Reads every source file of the repository (product code, tests, test helpers, scripts) and
 * reports each file outside every layer and each import that crosses a wall. Used by the test
 * suite (layers.test.ts), so a forbidden import fails `npm test`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import type { Layer } from './layer-rules';
import { layers as defaultLayers, testTools } from './layer-rules';
import type { Workspace } from './workspace';
import { readWorkspace } from './workspace';

export interface Violation {
  readonly file: string;
  readonly specifier: string;
  readonly reason: string;
}

const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(=])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])require\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

/** Import specifiers of a TypeScript source, ignoring comments. */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  for (const match of code.matchAll(importPattern)) {
    const specifier = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (specifier) found.push(specifier);
  }
  return found;
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] ?? '');
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function layerOfFile(path: string, all: readonly Layer[]): Layer | undefined {
  return all.find(
    (layer) => layer.folders.some((folder) => (folder.endsWith('/') ? path.startsWith(folder) : path === folder)) || layer.files?.test(path) === true,
  );
}

/** Test code: test files, `testing/` helper folders and the test-only layers. */
export function isTestCode(path: string, layer: Layer): boolean {
  return layer.testsOnly === true || /\.test\.tsx?$/.test(path) || path.includes('/testing/');
}

function isTestHelper(target: string): boolean {
  return target.includes('/testing/') || target.endsWith('/testing');
}

const sourceExtension = /\.(ts|tsx|mts|cts|mjs|cjs|js)$/;

/** The file or folder a relative import names, and the layer it lands in. */
function resolveRelative(path: string, specifier: string, all: readonly Layer[]): { target: string; layer: Layer | undefined } {
  const target = normalize(join(dirname(path), specifier)).replaceAll('\\', '/');
  return { target, layer: layerOfFile(`${target}/`, all) ?? layerOfFile(target, all) ?? layerOfFile(`${target}.ts`, all) };
}

/** True when `target` (a relative import's path) is the layer's own entry: its folder or its index. */
function isLayerEntry(target: string, layer: Layer): boolean {
  const bare = target.replace(sourceExtension, '').replace(/\/index$/, '');
  return layer.folders.some((folder) => folder.endsWith('/') && bare === folder.slice(0, -1));
}

interface FileContext {
  readonly path: string;
  readonly layer: Layer;
  readonly test: boolean;
  readonly all: readonly Layer[];
  readonly workspace: Workspace;
}

/**
 * May this file use layer `to`? Product code follows its layer's list. Tests may also use their
 * own package's test helpers, the root-level helpers (test-support, scripts), and other packages
 * (through their declared entry points: see checkRelative and checkOurPackage).
 */
function mayUse(context: FileContext, to: Layer): boolean {
  const { layer, test } = context;
  if (to === layer || layer.layers.includes(to.name)) return true;
  if (!test) return false;
  if (to.testsOnly) return to.packageDir === layer.packageDir || to.packageDir === '';
  return to.packageDir !== layer.packageDir;
}

/**
 * Is the npm package (or our package) declared where it is used? A workspace package's product
 * code needs it in dependencies, its tests may use devDependencies; the root's tools and
 * Electron count for everyone. Root-level helpers run inside the whole workspace: a package any
 * workspace package declares is installed for them.
 */
function declares(context: FileContext, name: string): boolean {
  const { packages } = context.workspace;
  const inPackage = (dir: string, dev: boolean) => {
    const facts = packages.get(dir);
    return !!facts && (facts.dependencies.has(name) || (dev && facts.devDependencies.has(name)));
  };
  const dev = context.test || context.layer.devOnly === true;
  if (inPackage('', dev)) return true;
  if (context.layer.packageDir === '') {
    return !!packages.get('')?.workspaces.has(name) || [...packages.keys()].some((dir) => inPackage(dir, false));
  }
  return inPackage(context.layer.packageDir, dev);
}

function checkRelative(context: FileContext, specifier: string): string | null {
  const { target, layer: targetLayer } = resolveRelative(context.path, specifier, context.all);
  if (!targetLayer) return `reaches outside every layer (${target})`;
  if (isTestHelper(target) && !context.test) return 'product code may not import test helpers';
  if (targetLayer === context.layer) return null;
  if (!mayUse(context, targetLayer)) return `${context.layer.name} may not import ${targetLayer.name}`;
  // Test helpers (test-support, scripts, a package's test/ folder) have no entry: any file is a way in.
  if (targetLayer.testsOnly) return null;
  if (targetLayer.packageDir !== context.layer.packageDir) return `import ${targetLayer.name} by its package name, not a relative path`;
  if (!isLayerEntry(target, targetLayer)) return `reaches inside ${targetLayer.name}: import its entry point (${targetLayer.folders[0]}index.ts)`;
  return null;
}

function checkOurPackage(context: FileContext, specifier: string): string | null {
  const name = packageName(specifier);
  const dir = context.workspace.names[name];
  if (dir === undefined) return `${name} is not one of our packages`;
  const entry = context.workspace.packages.get(dir)?.entries.get(specifier);
  if (!entry) return `${specifier} is not an entry point ${name} declares in its package.json exports`;
  if (isTestHelper(entry) && !context.test) return 'product code may not import test helpers';
  const targetLayer = layerOfFile(entry, context.all);
  if (!targetLayer) return `${specifier} points outside every layer`;
  if (!mayUse(context, targetLayer)) return `${context.layer.name} may not import ${targetLayer.name}`;
  if (dir !== context.layer.packageDir && !declares(context, name)) {
    return `${name} is not declared in ${context.layer.packageDir || 'the root'}'s package.json${context.test ? ' (devDependencies will do for tests)' : ''}`;
  }
  return null;
}

function checkNpmPackage(context: FileContext, specifier: string): string | null {
  const name = packageName(specifier);
  const { layer, test } = context;
  const forTests = test && (testTools.includes(name) || (layer.testPackages ?? []).includes(name));
  if (!layer.packages.includes(name) && !forTests) return `${layer.name} may not use the package ${name}`;
  if (!declares(context, name)) return `${name} is not declared in ${layer.packageDir || 'the root'}'s package.json`;
  return null;
}

function checkSpecifier(context: FileContext, specifier: string): string | null {
  if (specifier.startsWith('.')) return checkRelative(context, specifier);
  if (isNodeBuiltin(specifier)) {
    // Tests run in Node whatever they test.
    return context.layer.node || context.test ? null : `${context.layer.name} runs without Node: no Node built-ins`;
  }
  if (specifier.startsWith('@cassa/')) return checkOurPackage(context, specifier);
  return checkNpmPackage(context, specifier);
}

/** Checks one file's imports; `path` is relative to the repo root with forward slashes. */
export function checkFile(path: string, source: string, workspace: Workspace, all: readonly Layer[] = defaultLayers): Violation[] {
  const layer = layerOfFile(path, all);
  if (!layer) return [{ file: path, specifier: '', reason: 'belongs to no layer: add its folder to layer-rules.ts' }];
  const context: FileContext = { path, layer, test: isTestCode(path, layer), all, workspace };
  const violations: Violation[] = [];
  for (const specifier of importsOf(source)) {
    const reason = checkSpecifier(context, specifier);
    if (reason) violations.push({ file: path, specifier, reason });
  }
  return violations;
}

/** Folders that hold no source of ours. */
const skipped = new Set(['node_modules', 'dist', 'dist-electron', 'dist-installers', 'dist-mobile', 'docs']);

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir)) {
    if (skipped.has(entry) || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (sourceExtension.test(entry) && !/\.d\.m?ts$/.test(entry)) out.push(full);
  }
}

/** Every violation in the repository at `root`: every source file, tests and scripts included. */
export function checkRepository(root: string, all: readonly Layer[] = defaultLayers): Violation[] {
  const workspace = readWorkspace(root);
  const files: string[] = [];
  walk(root, files);
  return files.flatMap((file) => checkFile(relative(root, file).replaceAll('\\', '/'), readFileSync(file, 'utf8'), workspace, all));
}
