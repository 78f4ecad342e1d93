import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isStale, sourceHash, targets, writeStamp } from './build-if-stale.mjs';

describe('build-if-stale', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function project(): { base: string; write(path: string, text: string): void } {
    const base = mkdtempSync(join(tmpdir(), 'cassa-stale-'));
    dirs.push(base);
    const write = (path: string, text: string) => {
      mkdirSync(join(base, path, '..'), { recursive: true });
      writeFileSync(join(base, path), text);
    };
    return { base, write };
  }

  const app = { config: 'vite.config.ts', outDir: 'dist/web', inputs: ['web', 'shared/src', 'vite.config.ts', 'package-lock.json'] };

  it('builds when there is no build, then only when a source, the config or the lock file changes', () => {
    const { base, write } = project();
    write('web/main.tsx', 'render()');
    write('shared/src/money.ts', 'export const cents = 1;');
    write('vite.config.ts', 'export default {}');
    write('package-lock.json', '{}');
    expect(isStale(app, base)).toBe(true);

    write('dist/web/index.html', '<html>');
    writeStamp(app, sourceHash(app, base), base);
    expect(isStale(app, base)).toBe(false);

    // A checkout that touches files without changing them costs no rebuild.
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(base, 'web/main.tsx'), later, later);
    expect(isStale(app, base)).toBe(false);
    // Tests are not part of the app.
    write('web/main.test.tsx', 'it()');
    expect(isStale(app, base)).toBe(false);

    for (const [path, text] of [['shared/src/money.ts', 'export const cents = 2;'], ['vite.config.ts', 'export default { base: "/" }'], ['package-lock.json', '{"v":2}'], ['web/new-page.tsx', 'x']] as const) {
      write(path, text);
      expect(isStale(app, base), path).toBe(true);
      writeStamp(app, sourceHash(app, base), base);
      expect(isStale(app, base)).toBe(false);
    }
  });

  it('builds again when the output was removed (Vite empties it first, so an interrupted build has no stamp)', () => {
    const { base, write } = project();
    write('web/main.tsx', 'render()');
    write('dist/web/index.html', '<html>');
    writeStamp(app, sourceHash(app, base), base);
    rmSync(join(base, 'dist/web/index.html'));
    expect(isStale(app, base)).toBe(true);
  });

  it('covers both web apps, their configs and shared', () => {
    expect(targets.renderer.inputs).toEqual(expect.arrayContaining(['desktop/src/renderer', 'shared/src', 'desktop/vite.config.ts', 'package-lock.json']));
    expect(targets['head-office'].inputs).toEqual(expect.arrayContaining(['sync-server/web', 'shared/src', 'sync-server/vite.config.ts', 'package-lock.json']));
    // Issue 20: the mobile till bundles the till core into its worker, so a core change rebuilds it.
    expect(targets.mobile.inputs).toEqual(expect.arrayContaining(['desktop/src/renderer', 'desktop/src/mobile', 'desktop/src/core', 'shared/src', 'desktop/vite.mobile.config.ts']));
  });
});
