/**
 * @module
 * Node's native scrypt for the PC till (`till-core-node.ts` installs it): the same bytes as
 * @noble's, at native speed. Never imported on the browser path.
 */
import { scryptSync } from 'node:crypto';
import type { ScryptImplementation } from './hashing';
import { useScryptImplementation } from './hashing';

export const nodeScrypt: ScryptImplementation = (password, salt, keyLength, cost, maxMemory) =>
  scryptSync(password, salt, keyLength, { N: cost.N, r: cost.r, p: cost.p, maxmem: maxMemory });

export function installNodeScrypt(): void {
  useScryptImplementation(nodeScrypt);
}
