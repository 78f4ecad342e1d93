// The linter's configuration does what ARCHITECTURE.md says: typed rules really see types, the
// hooks rules cover both React apps, and the function-length rule covers product code only. A glob
// narrowed by mistake would otherwise switch a rule off in silence.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Rules switched on (not 'off') for a path, as the config computes them; null if the path is ignored. */
async function rulesFor(eslint: ESLint, path: string): Promise<Set<string> | null> {
  const config = (await eslint.calculateConfigForFile(join(root, path))) as { rules?: Record<string, unknown> } | undefined;
  if (!config) return null;
  const on = Object.entries(config.rules ?? {}).filter(([, setting]) => {
    const level: unknown = Array.isArray(setting) ? setting[0] : setting;
    return level !== 'off' && level !== 0;
  });
  return new Set(on.map(([rule]) => rule));
}

describe('lint configuration', () => {
  const eslint = new ESLint({ cwd: root });
  const promiseAndTypeRules = [
    '@typescript-eslint/no-floating-promises',
    '@typescript-eslint/no-misused-promises',
    '@typescript-eslint/switch-exhaustiveness-check',
    '@typescript-eslint/consistent-type-imports',
  ];
  const hooksRules = ['react-hooks/rules-of-hooks', 'react-hooks/exhaustive-deps'];

  it('puts the hooks rules on both React apps and the promise and switch rules everywhere', async () => {
    for (const path of ['desktop/src/renderer/screens/x.tsx', 'sync-server/web/src/pages/x.tsx']) {
      const rules = await rulesFor(eslint, path);
      for (const rule of [...hooksRules, ...promiseAndTypeRules]) expect(rules?.has(rule), `${rule} on ${path}`).toBe(true);
    }
    for (const path of ['shared/src/x.ts', 'drivers/src/x.ts', 'desktop/src/core/x.ts', 'sync-server/src/x.ts', 'desktop/src/core/x.test.ts', 'test-support/x.ts', 'scripts/x.ts']) {
      const rules = await rulesFor(eslint, path);
      for (const rule of promiseAndTypeRules) expect(rules?.has(rule), `${rule} on ${path}`).toBe(true);
      for (const rule of hooksRules) expect(rules?.has(rule), `${rule} on ${path}`).toBe(false);
    }
  });

  it('limits function length in product code only, not in tests, test helpers or scripts', async () => {
    const product = ['shared/src/x.ts', 'drivers/src/x.ts', 'desktop/src/core/x.ts', 'desktop/src/renderer/x.tsx', 'sync-server/src/x.ts', 'sync-server/web/src/x.tsx'];
    for (const path of product) expect((await rulesFor(eslint, path))?.has('max-lines-per-function'), path).toBe(true);
    const notProduct = ['desktop/src/core/x.test.ts', 'desktop/test/x.ts', 'sync-server/test/x.ts', 'drivers/src/transport/testing/x.ts', 'test-support/x.ts', 'scripts/x.ts'];
    for (const path of notProduct) expect((await rulesFor(eslint, path))?.has('max-lines-per-function'), path).toBe(false);
  });

  describe('on a small project of its own', () => {
    // Under .tmp (which the repository's lint run ignores), with its own tsconfig, so the project
    // service builds a two-file program instead of the whole repository.
    mkdirSync(join(root, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(root, '.tmp', 'lint-probe-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reports floating and misused promises, non-exhaustive switches, value imports of types and long functions', async () => {
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', noEmit: true }, include: ['*.ts'] }));
      writeFileSync(join(dir, 'kinds.ts'), "export type Kind = 'cash' | 'card' | 'voucher';\nexport async function save(): Promise<void> {}\n");
      const longBody = Array.from({ length: 160 }, (_, n) => `  total += ${n};`).join('\n');
      writeFileSync(
        join(dir, 'probe.ts'),
        [
          "import { Kind, save } from './kinds';", // 1: Kind is only a type
          'export function label(kind: Kind): string {',
          '  switch (kind) {', // 3: 'voucher' is missing and there is no default
          "    case 'cash': return 'Contanti';",
          "    case 'card': return 'Carta';",
          '  }',
          "  return '';",
          '}',
          'export function fireAndForget(): void {',
          '  save();', // 10: floating
          '  [1, 2].forEach(async () => { await save(); });', // 11: misused
          '}',
          'export function long(): number {', // 13: over 150 lines
          '  let total = 0;',
          longBody,
          '  return total;',
          '}',
          '',
        ].join('\n'),
      );
      // `ignore: false`: .tmp is ignored for the repository's run, not for this probe.
      const probe = new ESLint({ cwd: root, ignore: false });
      const [result] = await probe.lintFiles([join(dir, 'probe.ts')]);
      const found = (result?.messages ?? []).map((m) => `${m.line} ${m.ruleId ?? m.message}`);
      expect(found.sort()).toEqual(
        [
          '1 @typescript-eslint/consistent-type-imports',
          '3 @typescript-eslint/switch-exhaustiveness-check',
          '10 @typescript-eslint/no-floating-promises',
          '11 @typescript-eslint/no-misused-promises',
          '13 max-lines-per-function',
        ].sort(),
      );
    });
  });
});
