/**
 * @module
 * The Electron shell's entry for the demo launcher, which runs the same main process over the
 * till and its embedded head office.
 */
export { launchElectronTill } from './electron-launch';
export type { StartElectronRuntime } from './electron-launch';
