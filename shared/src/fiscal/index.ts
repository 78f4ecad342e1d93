/**
 * @module
 * Italian fiscal devices (RT): the documento commerciale Cassa asks for and what the device answers.
 */
export * from './fiscal-model';
export * from './tax-id';
