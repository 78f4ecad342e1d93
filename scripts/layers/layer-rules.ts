/**
 * @module
 * Which layer may import what, keyed on folders (after VS Code's layer lint). A layer lists the
 * layers and npm packages it may use; anything else is a violation. Node built-ins are allowed
 * only where `node` is true.
 */

export interface Layer {
  readonly name: string;
  /** Folder prefix, relative to the repo root, with a trailing slash. */
  readonly folder: string;
  /** Other layers this one may import (by relative path or by package name). */
  readonly layers: readonly string[];
  /** npm packages allowed besides our own; '*' allows any package not named in `forbidden`. */
  readonly packages: readonly string[];
  readonly forbidden: readonly string[];
  readonly node: boolean;
}

/** Our packages, and which layer folder each name points into. */
export const packageLayers: Readonly<Record<string, string>> = {
  '@cassa/shared': 'shared',
  '@cassa/drivers': 'drivers',
  '@cassa/sync-server': 'sync-server',
  '@cassa/desktop/core': 'desktop-core',
  '@cassa/desktop/host': 'desktop-host',
};

const hostOnly = ['electron', 'react', 'react-dom'];

export const layers: readonly Layer[] = [
  { name: 'shared', folder: 'shared/src/', layers: [], packages: ['zod'], forbidden: [], node: false },
  { name: 'drivers', folder: 'drivers/src/', layers: ['shared'], packages: ['*'], forbidden: [...hostOnly, 'better-sqlite3', 'hono'], node: true },
  {
    name: 'desktop-core',
    folder: 'desktop/src/core/',
    layers: ['shared', 'drivers'],
    packages: ['better-sqlite3', 'zod'],
    forbidden: hostOnly,
    node: true,
  },
  {
    name: 'desktop-host',
    folder: 'desktop/src/host/',
    layers: ['shared', 'drivers', 'desktop-core', 'sync-server'],
    packages: ['hono', '@hono/node-server'],
    forbidden: hostOnly,
    node: true,
  },
  {
    name: 'desktop-main',
    folder: 'desktop/src/main/',
    layers: ['shared', 'desktop-core', 'desktop-host'],
    packages: ['electron'],
    forbidden: [],
    node: true,
  },
  { name: 'desktop-preload', folder: 'desktop/src/preload/', layers: ['shared'], packages: ['electron'], forbidden: [], node: false },
  {
    name: 'desktop-renderer',
    folder: 'desktop/src/renderer/',
    layers: ['shared'],
    packages: ['react', 'react-dom', 'i18next', 'react-i18next'],
    forbidden: ['electron'],
    node: false,
  },
  {
    name: 'sync-server',
    folder: 'sync-server/src/',
    layers: ['shared'],
    packages: ['*'],
    forbidden: [...hostOnly, '@cassa/desktop', '@cassa/drivers'],
    node: true,
  },
];
