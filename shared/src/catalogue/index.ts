export * from './csv';
export * from './catalogue-import';
export * from './import-reasons';
export * from './receipt-charset';
export * from './text-encoding';
export * from './barcode-clashes';
