/**
 * @module
 * vitest globalSetup of the e2e project: bundles the browser demo (the till and its embedded head
 * office) once per run and hands the bundle to `startTillProcess` through CASSA_E2E_TILL_BUNDLE.
 * Under tsx each of the project's twenty-odd till starts spent seconds loading some thousand
 * TypeScript modules through the loader's hooks; the bundle is one file Node loads at once.
 * The sources and the way they run are the same (`bundleNodeScript` keeps each file's own
 * `import.meta.url`, so the built web apps are found as under tsx). CASSA_E2E_TSX=1 runs the
 * till through tsx as `npm run start:browser` does.
 */
import { join } from 'node:path';
import { bundleNodeScript } from './bundle-node-script';
import { repoRoot, tillBundleVariable } from './till-process';

let bundle: { path: string; remove(): void } | null = null;

export async function setup(): Promise<void> {
  if (process.env['CASSA_E2E_TSX'] === '1') return;
  bundle = await bundleNodeScript(join(repoRoot, 'desktop/src/demo/browser-demo.ts'), 'e2e-browser-demo', { ownUrls: true });
  process.env[tillBundleVariable] = bundle.path;
}

export function teardown(): void {
  bundle?.remove();
  bundle = null;
}
