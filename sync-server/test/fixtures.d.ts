import type { PairResponse, Product, PushOp, SaleRecord, TillRecord } from '@cassa/shared';
import type { SyncServer, SyncServerOptions } from '../src/index';
export declare const versions: {
    readonly protocolVersion: 1;
    readonly schemaVersion: 1;
};
export declare const ADMIN_TOKEN = "test-admin-token-0123456789abcdef";
export interface EngineDatabase {
    readonly options: Pick<SyncServerOptions, 'databaseUrl' | 'sqlitePath'>;
    cleanup(): Promise<void>;
}
export interface Engine {
    readonly name: 'sqlite' | 'postgres';
    /** A fresh, empty database for one test. */
    database(): Promise<EngineDatabase>;
}
export declare const sqliteEngine: Engine;
export declare const postgresEngine: Engine;
export declare const engines: readonly Engine[];
export declare function product(id: string, variantIds?: readonly string[], priceCents?: number): Product;
export declare function sale(input: {
    id: string;
    storeId: string;
    deviceId: string;
    variantId: string;
    totalCents?: number;
    completedAt?: string;
    kind?: SaleRecord['kind'];
}): TillRecord;
export declare function stockMovement(input: {
    id: string;
    storeId: string;
    deviceId: string;
    variantId: string;
}): TillRecord;
export declare function customer(id: string): TillRecord;
export declare function op(seq: number, record: TillRecord, opId?: string): PushOp;
export interface PairedTill extends PairResponse {
    readonly authorization: string;
}
export interface Tenant {
    readonly organisationId: string;
    readonly storeId: string;
    readonly otherStoreId: string;
    readonly till: PairedTill;
}
/** Pairs a till through the HTTP route, as a real one would. */
export declare function pairTill(server: SyncServer, organisationId: string, storeId: string, name?: string): Promise<PairedTill>;
/** An organisation with two stores, a small catalogue and a till paired to the first store. */
export declare function seedTenant(server: SyncServer, prefix?: string): Promise<Tenant>;
export declare function withServer<T>(engine: Engine, work: (server: SyncServer) => Promise<T>, options?: SyncServerOptions): Promise<T>;
/**
 * A fresh database and server for each test of a suite, closed after it: call in `describe`,
 * then `await start()` in a test (options added to `defaults`).
 */
export declare function serverPerTest(engine: Engine, defaults?: SyncServerOptions): (options?: SyncServerOptions) => Promise<SyncServer>;
export declare function jsonRequest(method: string, body: unknown, authorization?: string): RequestInit;
