/**
 * The core's hashing, sealing and randomness moved from `node:crypto` to @noble and Web Crypto.
 * These tests pin what must not change: PIN hashes and seals made by Node open here and the other
 * way round (a till updated first and one still old share head office's hashes), and the audit
 * chain's hashes are byte for byte those made before the change.
 */
import { createDecipheriv, createHash, randomBytes as nodeRandomBytes, scryptSync } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/audit-log';
import { hashPin, sealPinHash, unsealPinHash, verifyPin } from '../auth/pin-hash';
import { uuidv7 } from '../clock';
import { blobText, concatBytes, constantTimeEqual, fromBase64Url, toBase64, toBase64Url, toHex, utf8ByteLength, utf8Bytes } from './bytes';
import { nobleScrypt, sha256Of, useScryptImplementation } from './hashing';
import { nodeScrypt } from './node-scrypt';
import { randomBytes, randomInt } from './random';

// Made by the previous pin-hash.ts (node:crypto scryptSync / createCipheriv) before the change.
const nodeHashOf2580 = 'scrypt$16384$8$1$AAECAwQFBgcICQoLDA0ODw$TTIcHkO4LVrTx1bSDty85sS1coVLIkH4JDzMp-0VP-g';
const nodeHashOf1234 = 'scrypt$1024$8$1$_-7dzLuqmYh3ZlVEMyIRAA$_L2Lpv9tTacdA120a4XkPxv9hO3chLNGJMjw_-DSAKA';
const nodeSealOf1234 =
  'sealed1$CgsMDQ4PEBESExQV$oJ8_-DtNTnKB0rEAQq2WjjjDvIm3S5_tka0UyBFNsqTXWjoWj5NbRRRq7Laa1mTyeXrgtOGofOx3GhfP6-xQPS3BRDg9ace9rFI8aw3JgbYWSnKdj4rXDZLttRF0w8HA4Dc';
const sealKey = new Uint8Array(32).fill(7);

describe('the two scrypts (browser: @noble; PC: node:crypto)', () => {
  it('give the same bytes for the same PIN, salt and cost', () => {
    for (const pin of ['0000', '2580', 'Pàssw0rd €', '']) {
      const salt = new Uint8Array(nodeRandomBytes(16));
      const cost = { N: 1024, r: 8, p: 1 };
      const memory = 32 * 1024 * 1024;
      expect(toHex(nobleScrypt(utf8Bytes(pin), salt, 32, cost, memory))).toBe(toHex(nodeScrypt(utf8Bytes(pin), salt, 32, cost, memory)));
    }
  });
});

describe.each([
  ['@noble (browser)', nobleScrypt],
  ['node:crypto (PC)', nodeScrypt],
])('PIN hashes across the change of library, scrypt from %s', (_name, implementation) => {
  beforeAll(() => useScryptImplementation(implementation));
  afterAll(() => useScryptImplementation(nobleScrypt));

  it('verifies hashes made by Node’s scrypt, and refuses the wrong PIN', () => {
    expect(verifyPin('2580', nodeHashOf2580)).toBe(true);
    expect(verifyPin('2581', nodeHashOf2580)).toBe(false);
    expect(verifyPin('1234', nodeHashOf1234)).toBe(true);
  });

  it('makes hashes that Node’s scrypt (a till not yet updated) verifies', () => {
    const made = hashPin('4711', { N: 1024 });
    const [, n, r, p, salt, hash] = made.split('$') as [string, string, string, string, string, string];
    const byNode = scryptSync('4711', Buffer.from(salt, 'base64url'), 32, { N: Number(n), r: Number(r), p: Number(p) });
    expect(byNode.toString('base64url')).toBe(hash);
  });

  it('opens seals made by Node’s AES-GCM, with a Uint8Array key or a Node Buffer', () => {
    expect(unsealPinHash(nodeSealOf1234, sealKey)).toBe(nodeHashOf1234);
    expect(verifyPin('1234', nodeSealOf1234, Buffer.alloc(32, 7))).toBe(true);
    expect(unsealPinHash(nodeSealOf1234, new Uint8Array(32).fill(8))).toBeNull();
    expect(unsealPinHash(nodeSealOf1234, null)).toBeNull();
  });

  it('refuses a key that is not 32 bytes, as Node’s aes-256-gcm does, rather than sealing with AES-128', () => {
    expect(() => sealPinHash(nodeHashOf1234, new Uint8Array(16))).toThrow(RangeError);
    expect(unsealPinHash(nodeSealOf1234, sealKey.subarray(0, 16))).toBeNull();
  });

  it('seals in the format Node’s AES-GCM opens', () => {
    const sealed = sealPinHash(nodeHashOf2580, sealKey);
    const [, iv, body] = sealed.split('$') as [string, string, string];
    const bytes = Buffer.from(body, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(sealKey), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    expect(Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('utf8')).toBe(nodeHashOf2580);
  });

  it('refuses damaged or hostile hashes without throwing or allocating past 32 MiB', () => {
    const [, , , , salt, hash] = nodeHashOf1234.split('$') as string[];
    expect(verifyPin('1234', `scrypt$1048576$8$1$${salt}$${hash}`)).toBe(false); // 1 GiB of scrypt memory
    expect(verifyPin('1234', `scrypt$1000$8$1$${salt}$${hash}`)).toBe(false); // N not a power of two
    expect(verifyPin('1234', 'scrypt$1024$8$1$AAAA$AAAA')).toBe(false);
    expect(verifyPin('1234', `scrypt$1024$8$1$${salt}$***`)).toBe(false);
    expect(verifyPin('1234', 'sealed1$$')).toBe(false);
    expect(verifyPin('1234', 'sealed1$CgsMDQ4PEBESExQV$AAAA', sealKey)).toBe(false);
    // One ciphertext character changed (the last ones may be padding bits base64 ignores).
    const middle = 60;
    const tampered = nodeSealOf1234.slice(0, middle) + (nodeSealOf1234[middle] === 'A' ? 'B' : 'A') + nodeSealOf1234.slice(middle + 1);
    expect(unsealPinHash(tampered, sealKey)).toBeNull();
  });
});

describe('the audit chain across the change of library', () => {
  it('still verifies a chain hashed by node:crypto before the change (accents, €, emoji)', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE audit_log (sequence INTEGER, id TEXT, at TEXT, user_id TEXT, role TEXT, action TEXT, details TEXT, previous_hash TEXT, hash TEXT)');
    const rows = [
      [1, '0190a1b2-0000-7000-8000-000000000001', '2026-03-01T08:00:00.000Z', 'user-giulia', 'cashier', 'login.lockedOut', '{}',
        '0'.repeat(64), '3c804fdbe3ace38cc3e29ea896ebe35bc85fabb1e9cbcb6f8542478319122176'],
      [2, '0190a1b2-0000-7000-8000-000000000002', '2026-03-01T08:01:00.000Z', 'user-giulia', 'cashier', 'sale.voidLine',
        '{"description":"Caffè “speciale” €1,20","approvedBy":"user-marco"}',
        '3c804fdbe3ace38cc3e29ea896ebe35bc85fabb1e9cbcb6f8542478319122176', 'eecfe2e6760d05a5c206331bb30f35eaadcc1968406250076068d96205efc915'],
      [3, '0190a1b2-0000-7000-8000-000000000003', '2026-03-01T08:02:00.000Z', null, null, 'drawer.open', '{"reason":"Cambio monete 🪙"}',
        'eecfe2e6760d05a5c206331bb30f35eaadcc1968406250076068d96205efc915', 'b6e0c3330f4ab5e16f0888be3190c5d722f55e0d0c2518598e7137996c3e163b'],
    ];
    const insert = db.prepare('INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const row of rows) insert.run(...row);
    expect(verifyAuditChain(db, 'till-7f3a')).toEqual({ ok: true, entries: 3 });
    db.prepare("UPDATE audit_log SET details = '{\"reason\":\"Cambio monete\"}' WHERE sequence = 3").run();
    expect(verifyAuditChain(db, 'till-7f3a')).toMatchObject({ ok: false, brokenAt: 3 });
    db.close();
  });
});

describe('bytes without Buffer', () => {
  const samples = ['', 'a', 'Caffè €', '🪙 moneta', 'lone \ud800 surrogate', 'nul\u0000byte', 'x'.repeat(70_000)];

  it('encodes like Buffer: UTF-8, its length, hex, base64 and base64url', () => {
    for (const text of samples) {
      const node = Buffer.from(text, 'utf8');
      expect(toHex(utf8Bytes(text))).toBe(node.toString('hex'));
      expect(utf8ByteLength(text)).toBe(Buffer.byteLength(text));
      expect(toBase64(utf8Bytes(text))).toBe(node.toString('base64'));
      expect(toBase64Url(utf8Bytes(text))).toBe(node.toString('base64url'));
      expect(toHex(fromBase64Url(node.toString('base64url')))).toBe(node.toString('hex'));
      expect(toHex(fromBase64Url(node.toString('base64')))).toBe(node.toString('hex'));
    }
  });

  it('reads a BLOB as better-sqlite3 returns it (Buffer), as SQLite in WebAssembly does (Uint8Array), or as TEXT', () => {
    expect(blobText(Buffer.from('{"a":"è"}'))).toBe('{"a":"è"}');
    expect(blobText(utf8Bytes('{"a":"è"}'))).toBe('{"a":"è"}');
    expect(blobText('{}')).toBe('{}');
  });

  it('refuses base64 it cannot read instead of guessing', () => {
    expect(fromBase64Url('ab$c').length).toBe(0);
    expect(fromBase64Url('a').length).toBe(0);
  });

  it('compares equal bytes as equal and any difference, or another length, as not', () => {
    expect(constantTimeEqual(utf8Bytes('123456'), utf8Bytes('123456'))).toBe(true);
    expect(constantTimeEqual(utf8Bytes('123456'), utf8Bytes('123457'))).toBe(false);
    expect(constantTimeEqual(utf8Bytes('12345'), utf8Bytes('123456'))).toBe(false);
    expect(toHex(concatBytes(utf8Bytes('a'), new Uint8Array(0), utf8Bytes('b')))).toBe('6162');
  });
});

describe('randomness from Web Crypto', () => {
  it('fills more than Web Crypto’s 64 KiB per call', () => {
    const bytes = randomBytes(200_000);
    expect(bytes.length).toBe(200_000);
    // The last slice is filled too: 4 KiB of zeros by chance has probability 2^-32768.
    expect(bytes.subarray(196_000).some((b) => b !== 0)).toBe(true);
  });

  it('draws integers inside the range, reaching both ends', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i += 1) {
      const value = randomInt(0, 4);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(4);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(() => randomInt(5, 5)).toThrow(RangeError);
    expect(String(randomInt(0, 1_000_000)).padStart(6, '0')).toMatch(/^\d{6}$/);
  });

  it('makes UUIDv7 ids with the clock’s milliseconds in the first 48 bits', () => {
    const at = new Date('2026-03-01T08:00:00.123Z');
    const id = uuidv7({ now: () => at });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at.getTime());
    expect(uuidv7({ now: () => at })).not.toBe(id);
  });
});

// The digest helper is what lan-devices stores for a paired device's secret: same text as before.
describe('SHA-256 of a device secret', () => {
  it('matches node:crypto’s base64url digest', () => {
    const secret = 'secret-é\ud800';
    expect(toBase64Url(sha256Of(secret))).toBe(createHash('sha256').update(secret).digest('base64url'));
    expect(toBase64Url(sha256Of(secret))).toBe('PMWUHTIQ93SNUAOZNW0_nhxOOmvdRc_iJuMe4W9AEBk');
  });
});
