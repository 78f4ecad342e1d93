declare module 'vitest' {
    interface ProvidedContext {
        /** A superuser URL of the test cluster, or null when it could not start (see postgresError). */
        postgresUrl: string | null;
        postgresError: string | null;
    }
}
interface ProvideContext {
    provide(key: 'postgresUrl', value: string | null): void;
    provide(key: 'postgresError', value: string | null): void;
}
export interface RunningPostgres {
    readonly url: string;
    stop(): void;
}
export declare const INSTALL_HINT = "PostgreSQL server binaries (initdb, pg_ctl) not found: install them with `apt-get install -y postgresql`, or set TEST_DATABASE_URL";
/** Starts a cluster in a temp dir; `stop()` shuts it down and deletes the dir. */
export declare function startPostgres(): Promise<RunningPostgres>;
/** Makes a fresh database on the cluster, so test files never see each other's rows. */
export declare function createTestDatabase(serverUrl: string): Promise<{
    url: string;
    drop(): Promise<void>;
}>;
/** vitest globalSetup: one cluster for the whole run. */
export declare function setup(project: ProvideContext): Promise<void>;
export declare function teardown(): void;
export {};
