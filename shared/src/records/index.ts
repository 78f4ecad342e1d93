export * from './catalogue';
export * from './till-records';
