/**
 * `npm run verify-audit [-- DATA_DIR] [--head-office SEQUENCE:HASH]`: checks a till's audit log
 * hash chain. Exit 0 when every entry follows the one before unaltered; exit 1 naming the first
 * missing or altered entry. It prints the chain's head (last entry and its hash) to compare with
 * the audit head head office shows for the register; given that head with `--head-office`, it
 * checks the till still holds that very entry (a chain rewritten with recomputed hashes, or cut,
 * passes the first check but not this one).
 */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { auditChainHead, compareAuditChainWithHeadOffice, verifyAuditChain } from '@cassa/desktop/core';
import { defaultDataDir } from '@cassa/desktop/host';

const args = process.argv.slice(2);
const headOfficeAt = args.indexOf('--head-office');
const headOfficeArg = headOfficeAt >= 0 ? args.splice(headOfficeAt, 2)[1] : undefined;
const dataDir = args[0] ?? defaultDataDir();
const file = join(dataDir, 'till.db');
if (!existsSync(file)) {
  console.error(`No till database at ${file}`);
  process.exit(2);
}
let headOffice: { sequence: number; hash: string } | null = null;
if (headOfficeArg !== undefined) {
  const match = /^(\d+):([0-9a-f]{64})$/.exec(headOfficeArg);
  if (!match) {
    console.error('--head-office takes SEQUENCE:HASH, as head office shows the register audit head');
    process.exit(2);
  }
  headOffice = { sequence: Number(match[1]), hash: match[2] ?? '' };
}
const db = new Database(file, { readonly: true });
const device = db.prepare("SELECT value FROM meta WHERE key = 'device.id'").get() as { value: string } | undefined;
const result = verifyAuditChain(db, device?.value ?? '');
const head = auditChainHead(db);
const comparison = headOffice ? compareAuditChainWithHeadOffice(db, headOffice) : null;
db.close();
if (!result.ok) {
  console.error(`Audit log broken at entry ${result.brokenAt}: ${result.reason}.`);
  process.exit(1);
}
console.log(`Audit log intact: ${result.entries} entries.`);
console.log(head ? `Head: entry ${head.sequence}, hash ${head.hash} (register ${device?.value ?? '?'}).` : 'Head: no entries yet.');
if (comparison && !comparison.ok) {
  console.error(`Does not match head office: ${comparison.reason}.`);
  process.exit(1);
}
if (comparison) console.log(`Matches head office up to entry ${headOffice?.sequence}.`);
