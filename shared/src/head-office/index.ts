/**
 * @module
 * What the head-office web app and the sync server's head-office API say to each other: plain
 * types (no runtime), so the browser bundle pulls in nothing but these declarations.
 */
import type { z } from 'zod';
import type { planOfferSchema, planViewSchema } from './contract';

/** A plan's seats: active registers and head-office users. */
export type PlanOffer = z.output<typeof planOfferSchema>;

/** The organisation's plan and the seats it uses now. */
export type PlanView = z.output<typeof planViewSchema>;

export interface StockRowView {
  readonly storeId: string;
  readonly variantId: string;
  readonly productName: string;
  readonly sku: string;
  readonly onHandMilli: number;
}

export interface TillUserView {
  readonly id: string;
  readonly name: string;
  readonly role: 'cashier' | 'manager' | 'admin';
  readonly active: boolean;
  /** The stores whose registers get this user; absent or empty: every store. */
  readonly storeIds?: readonly string[];
}

/** in-transit: left the source (booked out there), not yet booked in at the destination. */
export type StockTransferStatus = 'in-transit' | 'received' | 'cancelled';

export interface StockTransferLineInput {
  readonly variantId: string;
  /** Thousandths of a unit, like every stock quantity; always positive. */
  readonly quantityMilli: number;
}

export interface StockTransferInput {
  readonly fromStoreId: string;
  readonly toStoreId: string;
  readonly note: string;
  readonly lines: readonly StockTransferLineInput[];
}

export interface StockTransferView {
  readonly id: string;
  readonly fromStoreId: string;
  readonly toStoreId: string;
  readonly status: StockTransferStatus;
  readonly note: string;
  readonly lines: readonly (StockTransferLineInput & { readonly productName: string; readonly sku: string })[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly closedBy: string | null;
  readonly closedAt: string | null;
}

export * from './access';
export * from './contract';
