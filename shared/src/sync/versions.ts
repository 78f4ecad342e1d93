/**
 * @module
 * The versions every sync message carries. The protocol version changes when the shape or meaning
 * of the exchange changes (a till and a server on different protocol versions cannot talk); the
 * schema version changes when the records inside change, and a server accepts a window of them so
 * tills can be upgraded store by store.
 */

/** Bumped when the sync exchange itself changes incompatibly. */
export const PROTOCOL_VERSION = 1;

/** Bumped when till records or catalogue rows change shape. */
export const SCHEMA_VERSION = 1;

/** The oldest record schema this build still accepts from a till. */
export const MIN_SUPPORTED_SCHEMA_VERSION = 1;

/**
 * What a SYNC_VERSION_MISMATCH error carries in `details`, so both sides can say who must upgrade.
 * A type rather than an interface so it is assignable to `ErrorDetails` (an index signature).
 */
export type VersionMismatchDetails = {
  readonly serverProtocolVersion: number;
  readonly serverSchemaVersion: number;
  readonly serverMinSchemaVersion: number;
  readonly clientProtocolVersion: number | null;
  readonly clientSchemaVersion: number | null;
  /** Which side is behind: the one that should be upgraded. */
  readonly upgrade: 'client' | 'server';
};

/**
 * Decides whether a peer's versions can be served; returns null when they can, otherwise the
 * details for a SYNC_VERSION_MISMATCH answer.
 */
export function checkVersions(
  clientProtocolVersion: number | null,
  clientSchemaVersion: number | null,
): VersionMismatchDetails | null {
  const protocolOk = clientProtocolVersion === PROTOCOL_VERSION;
  const schemaOk =
    clientSchemaVersion !== null &&
    clientSchemaVersion >= MIN_SUPPORTED_SCHEMA_VERSION &&
    clientSchemaVersion <= SCHEMA_VERSION;
  if (protocolOk && schemaOk) return null;
  const clientNewer =
    (clientProtocolVersion ?? 0) > PROTOCOL_VERSION ||
    (clientProtocolVersion === PROTOCOL_VERSION && (clientSchemaVersion ?? 0) > SCHEMA_VERSION);
  return {
    serverProtocolVersion: PROTOCOL_VERSION,
    serverSchemaVersion: SCHEMA_VERSION,
    serverMinSchemaVersion: MIN_SUPPORTED_SCHEMA_VERSION,
    clientProtocolVersion,
    clientSchemaVersion,
    upgrade: clientNewer ? 'server' : 'client',
  };
}
