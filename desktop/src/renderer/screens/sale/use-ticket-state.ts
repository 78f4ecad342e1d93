/**
 * @module
 * The sale screen's ticket state in one reducer: the open ticket, the sale just completed (and
 * whether its receipt printed), the last document for "reprint last", the no-receipt choice and
 * the notice under the actions. Each action is one thing that happened at the till.
 */
import { useReducer } from 'react';
import type { CompletedSale, TicketView } from '@cassa/shared';

export interface Done {
  readonly sale: CompletedSale;
  readonly kind: 'sale' | 'return' | 'post-void';
  readonly printed: boolean;
}

export interface TicketState {
  readonly ticket: TicketView | null;
  readonly done: Done | null;
  readonly lastSaleId: string | null;
  /** Bumped by a reprint so the receipt preview loads again. */
  readonly previewKey: number;
  readonly noReceipt: boolean;
  readonly notice: string | null;
}

export type TicketAction =
  /**
   * The ticket as the host has it after a change by the cashier: the last sale's banner and any
   * notice go (a ledger payment brings its own: how it was allowed, issue 17).
   */
  | { readonly type: 'applied'; readonly ticket: TicketView | null; readonly notice?: string | null }
  /** The ticket read when the screen opens (the sale banner, if any, stays). */
  | { readonly type: 'loaded'; readonly ticket: TicketView | null }
  /** The register's last document, remembered across reloads; a sale completed meanwhile wins. */
  | { readonly type: 'lastKnown'; readonly saleId: string }
  | { readonly type: 'completed'; readonly done: Done }
  | { readonly type: 'voided'; readonly done: Done }
  | { readonly type: 'parked'; readonly notice: string }
  | { readonly type: 'reprinted'; readonly notice: string }
  | { readonly type: 'notice'; readonly notice: string }
  | { readonly type: 'noReceipt'; readonly noReceipt: boolean }
  | { readonly type: 'shiftOpened' }
  | { readonly type: 'shiftClosed' };

export const initialTicketState: TicketState = { ticket: null, done: null, lastSaleId: null, previewKey: 0, noReceipt: false, notice: null };

export function ticketReducer(state: TicketState, action: TicketAction): TicketState {
  switch (action.type) {
    case 'applied':
      return { ...state, ticket: action.ticket, done: null, notice: action.notice ?? null };
    case 'loaded':
      return { ...state, ticket: action.ticket };
    case 'lastKnown':
      return { ...state, lastSaleId: state.lastSaleId ?? action.saleId };
    case 'completed':
      return { ...state, done: action.done, ticket: null, lastSaleId: action.done.sale.saleId, noReceipt: false };
    case 'voided':
      // "Reprint last" keeps pointing at the last sale or return, and the no-receipt choice stays.
      return { ...state, done: action.done, ticket: null };
    case 'parked':
      return { ...state, ticket: null, notice: action.notice };
    case 'reprinted':
      return { ...state, notice: action.notice, previewKey: state.previewKey + 1 };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'noReceipt':
      return { ...state, noReceipt: action.noReceipt };
    case 'shiftOpened':
      return { ...state, done: null };
    case 'shiftClosed':
      return { ...state, ticket: null, done: null, lastSaleId: null };
  }
}

export function useTicketState() {
  return useReducer(ticketReducer, initialTicketState);
}
