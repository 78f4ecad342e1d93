/**
 * @module
 * Input helpers for the till's renderer: pure, no DOM and no Node.
 */
export { KeyboardWedge } from './keyboard-wedge';
export type { KeyboardWedgeOptions, WedgeAction, WedgeKeyEvent } from './keyboard-wedge';
