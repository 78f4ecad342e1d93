/**
 * @module
 * What the layer check reads from the package.json files: each workspace package's declared
 * entry points (`exports`) and which npm packages it declares, for its product code and for its
 * tests (devDependencies). The root package.json holds the tools and Electron.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { workspacePackages } from './layer-rules';

export interface PackageFacts {
  /** Specifier (`@cassa/drivers`, `@cassa/drivers/testing`) → file it points to, relative to the repo root. */
  readonly entries: ReadonlyMap<string, string>;
  /** dependencies, optionalDependencies and peerDependencies. */
  readonly dependencies: ReadonlySet<string>;
  readonly devDependencies: ReadonlySet<string>;
  /** The root's workspace packages, which root-level scripts and helpers may import. */
  readonly workspaces: ReadonlySet<string>;
}

export interface Workspace {
  /** Keyed on the package folder ('' for the root). */
  readonly packages: ReadonlyMap<string, PackageFacts>;
  /** Our package names → their folders. */
  readonly names: Readonly<Record<string, string>>;
}

interface PackageJson {
  workspaces?: string[];
  exports?: Record<string, string> | string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function readPackage(root: string, dir: string, name: string | null): PackageFacts {
  const file = join(root, dir, 'package.json');
  const json: PackageJson = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as PackageJson) : {};
  const entries = new Map<string, string>();
  const exports = typeof json.exports === 'string' ? { '.': json.exports } : (json.exports ?? {});
  if (name) {
    for (const [subpath, target] of Object.entries(exports)) {
      const specifier = subpath === '.' ? name : `${name}/${subpath.replace(/^\.\//, '')}`;
      entries.set(specifier, normalize(join(dir, target)).replaceAll('\\', '/'));
    }
  }
  const keys = (record: Record<string, string> | undefined) => Object.keys(record ?? {});
  // The root declares its workspace packages by listing their folders.
  const workspaceNames = Object.entries(workspacePackages)
    .filter(([, folder]) => json.workspaces?.includes(folder))
    .map(([workspaceName]) => workspaceName);
  return {
    entries,
    dependencies: new Set([...keys(json.dependencies), ...keys(json.optionalDependencies), ...keys(json.peerDependencies)]),
    devDependencies: new Set(keys(json.devDependencies)),
    workspaces: new Set(workspaceNames),
  };
}

/** Reads the root package.json and every workspace package's under `root`. */
export function readWorkspace(root: string): Workspace {
  const packages = new Map<string, PackageFacts>([['', readPackage(root, '', null)]]);
  for (const [name, dir] of Object.entries(workspacePackages)) packages.set(dir, readPackage(root, dir, name));
  return { packages, names: workspacePackages };
}
