/**
 * @module
 * Pure domain rules: money, VAT and barcodes. No I/O, no Node, no DOM.
 */
export * from './money';
export * from './euro-text';
export * from './business-day';
export * from './vat';
export * from './barcode';
export * from './gs1-variable-measure';
export * from './gtin';
export * from './reason-text';
export * from './customer-keys';
