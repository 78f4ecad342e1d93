/** Types of `electron-bundles.mjs`, for the test that loads the built bundles. */
export declare const root: string;
export declare function buildElectronBundles(outDir?: string): Promise<{
  /** The till product's main process, as the installers package it. */
  main: string;
  /** The demo's main process (`npm start`): the till with an embedded head office. */
  demoMain: string;
  preload: string;
  /** Repository files bundled into `main`, relative to the root with forward slashes. */
  mainInputs: string[];
}>;
