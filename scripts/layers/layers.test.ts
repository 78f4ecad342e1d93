import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile, checkRepository, importsOf } from './check-layers';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('layer check', () => {
  it('finds no violation in this repository', () => {
    expect(checkRepository(repoRoot)).toEqual([]);
  });

  it('reads import, export-from, dynamic import and require', () => {
    const source = [
      "import type { A } from './a';",
      "export { b } from '@cassa/shared';",
      "const c = await import('node:fs');",
      "const d = require('electron');",
      "import './side-effect';",
      "// import { ignored } from 'electron';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a', '@cassa/shared', 'node:fs', 'electron', './side-effect']);
  });

  it('rejects electron in the till core', () => {
    const violations = checkFile('desktop/src/core/sales/x.ts', "import { app } from 'electron';");
    expect(violations).toHaveLength(1);
    expect(violations[0]?.reason).toMatch(/desktop-core may not/);
  });

  it('rejects Node built-ins and our packages in shared, and Node in the renderer', () => {
    expect(checkFile('shared/src/x.ts', "import { readFileSync } from 'node:fs';")).toHaveLength(1);
    expect(checkFile('shared/src/x.ts', "import { y } from '@cassa/drivers';")).toHaveLength(1);
    expect(checkFile('desktop/src/renderer/x.tsx', "import { join } from 'path';")).toHaveLength(1);
    expect(checkFile('desktop/src/renderer/x.tsx', "import { z } from '@cassa/drivers';")).toHaveLength(1);
  });

  it('rejects relative paths into another layer, and core reaching the host', () => {
    expect(checkFile('desktop/src/core/a.ts', "import { x } from '../host/http-host';")[0]?.reason).toMatch(/may not import desktop-host/);
    expect(checkFile('drivers/src/a.ts', "import { x } from '../../shared/src/errors';")[0]?.reason).toMatch(/package name/);
  });

  it('allows what the architecture allows', () => {
    expect(checkFile('desktop/src/core/a.ts', "import Database from 'better-sqlite3';\nimport { x } from '@cassa/drivers';")).toEqual([]);
    expect(checkFile('desktop/src/host/a.ts', "import { createSyncServer } from '@cassa/sync-server';")).toEqual([]);
    expect(checkFile('desktop/src/renderer/a.tsx', "import { useState } from 'react';")).toEqual([]);
  });

  describe('on a repository with a forbidden import', () => {
    const root = mkdtempSync(join(tmpdir(), 'cassa-layers-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('fails the check', () => {
      const file = join(root, 'desktop/src/core/bad.ts');
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, "import { BrowserWindow } from 'electron';\nexport const w = BrowserWindow;\n");
      const violations = checkRepository(root);
      expect(violations).toEqual([
        { file: 'desktop/src/core/bad.ts', specifier: 'electron', reason: 'desktop-core may not import electron' },
      ]);
    });
  });
});
