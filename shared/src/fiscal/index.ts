/**
 * @module
 * Italian fiscal devices (RT): the documento commerciale Cassa asks for and what the device answers.
 */
export * from './fiscal-model';
export * from './tax-id';
export * from './lottery-code';
export * from './departments';
export * from './fiscal-request-problems';
export * from './fiscal-lines';
export * from './fiscal-tenders';
export * from './fiscal-request-total';
export * from './fiscal-request-of';
export * from './fiscal-vat-totals';
