/**
 * @module
 * ERP links (issue 19): what head office exports for the accountant's ERP (corrispettivi, sales
 * documents, payments, stock movements through a column map, with presets for Ad Hoc Revolution
 * and Mago) and what it imports from one (items, barcodes, prices, price lists).
 */
export * from './export-profiles';
export * from './import-formats';
