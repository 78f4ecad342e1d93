export * from './ticket-math';
export * from './sale-record-check';
export * from './drawer-cash';
export * from './document-number';
