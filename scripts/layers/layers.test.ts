import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile, checkRepository, importsOf } from './check-layers';
import { readWorkspace } from './workspace';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = readWorkspace(repoRoot);

// Sources are assembled, not written out, so this file's own text holds no import the check would read.
const quote = (specifier: string) => "'" + specifier + "'";
const imp = (specifier: string, names = '{ x }') => 'import ' + names + ' from ' + quote(specifier) + ';';
const reasons = (path: string, ...lines: string[]) => checkFile(path, lines.join('\n'), workspace).map((v) => v.reason);

describe('layer check', () => {
  it('finds no violation in this repository', () => {
    expect(checkRepository(repoRoot)).toEqual([]);
  });

  it('reads import, export-from, dynamic import and require, ignoring comments', () => {
    const source = [
      'import type { A } from ' + quote('./a') + ';',
      'export { b } from ' + quote('@cassa/shared') + ';',
      'const c = await import(' + quote('node:fs') + ');',
      'const d = require(' + quote('electron') + ');',
      'import ' + quote('./side-effect') + ';',
      '// ' + imp('electron'),
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a', '@cassa/shared', 'node:fs', 'electron', './side-effect']);
  });

  it('rejects electron in the till core and any package a layer does not list', () => {
    expect(reasons('desktop/src/core/sales/x.ts', imp('electron', '{ app }'))).toEqual(['desktop-core may not use the package electron']);
    expect(reasons('drivers/src/x.ts', imp('hono'))).toEqual(['drivers may not use the package hono']);
    expect(reasons('sync-server/src/x.ts', imp('react'))).toEqual(['sync-server may not use the package react']);
    expect(reasons('desktop/test/x.test.ts', imp('left-pad'))).toEqual(['desktop-tests may not use the package left-pad']);
  });

  it('rejects Node built-ins and our packages in shared, and Node in the renderer and the head-office web app', () => {
    expect(reasons('shared/src/x.ts', imp('node:fs'))).toEqual(['shared runs without Node: no Node built-ins']);
    expect(reasons('shared/src/x.ts', imp('@cassa/drivers'))).toEqual(['shared may not import drivers']);
    expect(reasons('desktop/src/renderer/x.tsx', imp('path'))).toHaveLength(1);
    expect(reasons('desktop/src/renderer/x.tsx', imp('@cassa/drivers'))).toEqual(['desktop-renderer may not import drivers']);
    expect(reasons('sync-server/web/src/x.tsx', imp('node:fs'))).toEqual(['head-office-web runs without Node: no Node built-ins']);
    expect(reasons('sync-server/web/src/x.tsx', imp('hono'))).toEqual(['head-office-web may not use the package hono']);
    expect(reasons('sync-server/web/src/x.tsx', imp('../../src/app'))).toEqual(['head-office-web may not import sync-server']);
  });

  it('rejects relative paths into another package, and reaching inside another layer', () => {
    expect(reasons('desktop/src/core/a.ts', imp('../host/http-host'))).toEqual(['desktop-core may not import desktop-host']);
    expect(reasons('drivers/src/a.ts', imp('../../shared/src/errors'))).toEqual(['import shared by its package name, not a relative path']);
    expect(reasons('desktop/src/host/a.ts', imp('../core/printing/printer-ports'))[0]).toMatch(/reaches inside desktop-core/);
    expect(reasons('sync-server/test/a.test.ts', imp('../../desktop/src/host/till-runtime'))[0]).toMatch(/by its package name/);
  });

  it('lets other packages in only through the entry points their package.json declares', () => {
    expect(reasons('desktop/src/core/a.test.ts', imp('@cassa/drivers/src/transport/testing/pty-pair'))[0]).toMatch(/not an entry point @cassa\/drivers declares/);
    expect(reasons('desktop/src/core/a.test.ts', imp('@cassa/drivers/testing'))).toEqual([]);
  });

  it('keeps test helpers out of product code', () => {
    expect(reasons('desktop/src/core/a.ts', imp('@cassa/drivers/testing'))).toEqual(['product code may not import test helpers']);
    expect(reasons('drivers/src/a.ts', imp('./transport/testing/fake-hid'))).toEqual(['product code may not import test helpers']);
    expect(reasons('drivers/src/a.test.ts', imp('./transport/testing/fake-hid'))).toEqual([]);
  });

  it('keeps head office out of the till: only the demo launcher and tests may start one', () => {
    expect(reasons('desktop/src/host/a.ts', imp('@cassa/sync-server'))).toEqual(['desktop-host may not import sync-server']);
    expect(reasons('desktop/src/main/a.ts', imp('@cassa/sync-server'))).toEqual(['desktop-main may not import sync-server']);
    expect(reasons('desktop/src/demo/a.ts', imp('@cassa/sync-server'))).toEqual([]);
    expect(reasons('desktop/src/core/sync/a.test.ts', imp('@cassa/sync-server'))).toEqual([]);
  });

  it('demands that a package be declared in the package.json of the code that uses it', () => {
    const declaredNowhere = { ...workspace, packages: new Map([...workspace.packages].map(([dir, facts]) => [dir, { ...facts, dependencies: new Set<string>(), devDependencies: new Set<string>() }])) };
    expect(checkFile('desktop/src/core/a.ts', imp('better-sqlite3', 'Database'), declaredNowhere).map((v) => v.reason)).toEqual([
      "better-sqlite3 is not declared in desktop's package.json",
    ]);
    expect(checkFile('desktop/src/core/a.test.ts', imp('@cassa/sync-server'), declaredNowhere)[0]?.reason).toMatch(/@cassa\/sync-server is not declared in desktop/);
  });

  it('allows what the architecture allows', () => {
    expect(reasons('desktop/src/core/a.ts', imp('better-sqlite3', 'Database'), imp('@cassa/drivers'))).toEqual([]);
    expect(reasons('desktop/src/host/a.ts', imp('../core'), imp('hono'))).toEqual([]);
    expect(reasons('desktop/src/renderer/a.tsx', imp('react', '{ useState }'))).toEqual([]);
    expect(reasons('sync-server/web/src/a.tsx', imp('@cassa/shared'), imp('recharts'), imp('react-dom/client'))).toEqual([]);
    expect(reasons('desktop/src/renderer/a.test.tsx', imp('node:fs'), imp('vitest'))).toEqual([]);
  });

  it('places every source file in a layer', () => {
    expect(reasons('tools/a.ts', imp('./b'))).toEqual(['belongs to no layer: add its folder to layer-rules.ts']);
    expect(reasons('desktop/vite.config.ts', imp('vite', '{ defineConfig }'))).toEqual([]);
    expect(reasons('lint.config.mjs', imp('left-pad'))).toEqual(['scripts may not use the package left-pad']);
  });

  describe('on a repository with a forbidden import', () => {
    const root = mkdtempSync(join(tmpdir(), 'cassa-layers-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('fails the check', () => {
      const file = join(root, 'desktop/src/core/bad.ts');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, imp('electron', '{ BrowserWindow }') + '\nexport const w = BrowserWindow;\n');
      expect(checkRepository(root)).toEqual([
        { file: 'desktop/src/core/bad.ts', specifier: 'electron', reason: 'desktop-core may not use the package electron' },
      ]);
    });
  });
});
