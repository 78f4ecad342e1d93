export * from './catalogue';
export * from './till-records';
export * from './limits';
export * from './chain-records';
