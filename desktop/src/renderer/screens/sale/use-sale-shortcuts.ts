/**
 * @module
 * The sale screen's keys: Ctrl+L locks; F2 search, F3 customer, F4 park, F6 returns, F7 parked
 * tickets, F8 cash, F9 card, F12 complete. A locked till, an open dialog or a till without a shift
 * ignores the function keys (a dialog's own keys, Esc and Enter, are its business).
 */
import { useLayoutEffect } from 'react';
import type { PaymentMethod } from '@cassa/shared';

export interface SaleShortcutActions {
  readonly lock: () => void;
  readonly focusSearch: () => void;
  readonly customer: () => void;
  readonly park: () => void;
  readonly returns: () => void;
  readonly parked: () => void;
  readonly pay: (method: PaymentMethod) => void;
  readonly complete: () => void;
}

export function useSaleShortcuts(state: {
  readonly locked: boolean;
  /** A dialog of the screen's own is open, or there is no shift. */
  readonly blocked: boolean;
  readonly hasLines: boolean;
  readonly paid: boolean;
  readonly actions: SaleShortcutActions;
}): void {
  // A layout effect, run after every render, so the keys act on the ticket the screen shows from
  // the moment it shows it.
  useLayoutEffect(() => {
    const { locked, blocked, hasLines, paid, actions } = state;
    function onKey(e: KeyboardEvent) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        if (!locked) actions.lock();
        return;
      }
      const keys: Record<string, () => void> = {
        F2: actions.focusSearch,
        F3: actions.customer,
        F4: actions.park,
        F6: actions.returns,
        F7: actions.parked,
        F8: () => {
          if (hasLines && !paid) actions.pay('cash');
        },
        F9: () => {
          if (hasLines && !paid) actions.pay('card');
        },
        F12: () => {
          if (paid) actions.complete();
        },
      };
      const action = keys[e.key];
      if (!action) return;
      e.preventDefault();
      // A locked till: the function keys do nothing.
      if (locked) return;
      // With a dialog open only the dialog's own keys count (Esc, Enter).
      if (blocked || document.querySelector('[role="dialog"]')) return;
      action();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });
}
