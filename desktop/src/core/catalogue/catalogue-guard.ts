/**
 * @module
 * The one rule for every local catalogue write (the product editor, the CSV import): once the
 * register is paired, catalogue and prices belong to head office, and a local change would be
 * invisible there and overwritten by the next sync, so it is refused.
 */
import { CassaError } from '@cassa/shared';

export interface PairingState {
  current(): unknown;
}

export function refuseCatalogueWriteWhenPaired(pairing: PairingState): void {
  if (pairing.current()) {
    throw new CassaError('CONFLICT', 'Catalogue and prices are managed by head office for this register: change them there', {
      reason: 'register-managed',
    });
  }
}
