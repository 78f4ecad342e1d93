/**
 * @module
 * The process-wide register of claimed ports (UnifiedPOS "claim"). Two device objects writing to
 * one serial port interleave bytes; the second claim fails loudly instead.
 */
import { DeviceClaimedError } from './device-errors';

interface Claim {
  readonly holder: string;
  readonly token: symbol;
}

// Kept on globalThis so two copies of this module (bundler duplicates, tests) still share one lock.
const registryKey = Symbol.for('cassa.drivers.portClaims');
type Registry = Map<string, Claim>;

function registry(): Registry {
  const g = globalThis as { [registryKey]?: Registry };
  g[registryKey] ??= new Map();
  return g[registryKey];
}

/** A held claim; `release()` is idempotent and only frees the port if this claim still holds it. */
export interface PortClaim {
  readonly portKey: string;
  release(): void;
}

/**
 * Claims `portKey` for `holder` (a name for messages).
 * @throws DeviceClaimedError when someone else holds it.
 */
export function claimPort(portKey: string, holder: string): PortClaim {
  const claims = registry();
  const existing = claims.get(portKey);
  if (existing) throw new DeviceClaimedError(portKey, existing.holder);
  const token = Symbol(holder);
  claims.set(portKey, { holder, token });
  return {
    portKey,
    release() {
      if (claims.get(portKey)?.token === token) claims.delete(portKey);
    },
  };
}

/** Who holds `portKey`, or undefined. */
export function portClaimHolder(portKey: string): string | undefined {
  return registry().get(portKey)?.holder;
}
