export * from './ticket-math';
export * from './sale-record-check';
