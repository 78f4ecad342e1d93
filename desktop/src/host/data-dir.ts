/**
 * @module
 * Where a till keeps its database: `CASSA_DATA_DIR`, or the per-user data folder each OS expects.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CASSA_DATA_DIR) return env.CASSA_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Cassa');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Cassa');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'cassa');
}
