/**
 * @module
 * Reads every source file of every layer and reports each import that crosses a wall. Used by
 * the test suite (layers.test.ts), so a forbidden import fails `npm test`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, normalize, relative } from 'node:path';
import type { Layer } from './layer-rules';
import { layers as defaultLayers, packageLayers } from './layer-rules';

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
  return all.find((layer) => path.startsWith(layer.folder));
}

function ourLayerOf(specifier: string): string | undefined {
  if (packageLayers[specifier]) return packageLayers[specifier];
  const name = packageName(specifier);
  return packageLayers[name];
}

/** Checks one file's imports; `path` is relative to the repo root with forward slashes. */
export function checkFile(path: string, source: string, all: readonly Layer[] = defaultLayers): Violation[] {
  const layer = layerOfFile(path, all);
  if (!layer) return [];
  const violations: Violation[] = [];
  for (const specifier of importsOf(source)) {
    const add = (reason: string) => violations.push({ file: path, specifier, reason });
    if (specifier.startsWith('.')) {
      const target = normalize(join(dirname(path), specifier)).replaceAll('\\', '/');
      const targetLayer = layerOfFile(target.endsWith('/') ? target : `${target}/`, all) ?? layerOfFile(target, all);
      if (!targetLayer) add(`reaches outside every layer (${target})`);
      else if (targetLayer !== layer && !layer.layers.includes(targetLayer.name)) {
        add(`${layer.name} may not import ${targetLayer.name}`);
      } else if (targetLayer !== layer && targetLayer.folder.split('/')[0] !== layer.folder.split('/')[0]) {
        add(`import ${targetLayer.name} by its package name, not a relative path`);
      }
      continue;
    }
    if (isNodeBuiltin(specifier)) {
      if (!layer.node) add(`${layer.name} runs without Node: no Node built-ins`);
      continue;
    }
    const ours = ourLayerOf(specifier);
    if (ours || specifier.startsWith('@cassa/')) {
      if (!ours || !layer.layers.includes(ours)) add(`${layer.name} may not import ${specifier}`);
      continue;
    }
    const name = packageName(specifier);
    if (layer.forbidden.includes(name) || layer.forbidden.includes(specifier)) add(`${layer.name} may not import ${name}`);
    else if (!layer.packages.includes('*') && !layer.packages.includes(name)) add(`${layer.name} may not use the package ${name}`);
  }
  return violations;
}

function walk(dir: string, out: string[]): void {
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|mts|cts)$/.test(entry) && !/\.test\.tsx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(full);
  }
}

/** Every violation in the repository at `root`. Test files are exempt; fakes live in them. */
export function checkRepository(root: string, all: readonly Layer[] = defaultLayers): Violation[] {
  const files: string[] = [];
  for (const layer of all) {
    const dir = join(root, layer.folder);
    try {
      walk(dir, files);
    } catch {
      // A layer folder that does not exist yet has nothing to violate.
    }
  }
  return files.flatMap((file) => {
    const path = relative(root, file).replaceAll('\\', '/');
    if (path.includes('/testing/')) return [];
    return checkFile(path, readFileSync(file, 'utf8'), all);
  });
}
