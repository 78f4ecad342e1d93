export * from './ticket-math';
