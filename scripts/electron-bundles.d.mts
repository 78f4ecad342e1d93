/** Types of `electron-bundles.mjs`, for the test that loads the built bundles. */
export declare const root: string;
export declare function buildElectronBundles(outDir?: string): Promise<{ main: string; preload: string }>;
