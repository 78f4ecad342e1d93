// Bundles the Electron main process and the preload script with esbuild. Native modules and the
// electron module stay external: they are loaded from node_modules at run time.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const external = ['electron', 'better-sqlite3', 'serialport', '@serialport/*', 'node-hid', 'usb', 'pg', 'pg-native'];
const common = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: true, external, logLevel: 'warning' };

await build({ ...common, entryPoints: [join(root, 'desktop/src/main/electron-entry.ts')], outfile: join(root, 'desktop/dist-electron/main.cjs') });
await build({ ...common, entryPoints: [join(root, 'desktop/src/preload/preload.ts')], outfile: join(root, 'desktop/dist-electron/preload.cjs') });
console.log('Electron main and preload bundled in desktop/dist-electron/');
