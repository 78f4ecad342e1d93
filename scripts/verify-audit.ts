/**
 * `npm run verify-audit [-- DATA_DIR]`: checks a till's audit log hash chain. Exit 0 when every
 * entry follows the one before unaltered; exit 1 naming the first missing or altered entry.
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { verifyAuditChain } from '../desktop/src/core';
import { defaultDataDir } from '../desktop/src/host/data-dir';

const dataDir = process.argv[2] ?? defaultDataDir();
const file = join(dataDir, 'till.db');
if (!existsSync(file)) {
  console.error(`No till database at ${file}`);
  process.exit(2);
}
const db = new Database(file, { readonly: true });
const device = db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as { value: string } | undefined;
const result = verifyAuditChain(db, device?.value ?? '');
db.close();
if (result.ok) {
  console.log(`Audit log intact: ${result.entries} entries.`);
} else {
  console.error(`Audit log broken at entry ${result.brokenAt}: ${result.reason}.`);
  process.exit(1);
}
