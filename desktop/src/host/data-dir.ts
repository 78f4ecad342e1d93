/**
 * @module
 * Where a till keeps its database: `CASSA_DATA_DIR`, or the per-user data folder each OS expects.
 */
import { homedir } from 'node:os';
import { perUserDataDir } from '@cassa/shared';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  return perUserDataDir({ env, platform, home: homedir() });
}
