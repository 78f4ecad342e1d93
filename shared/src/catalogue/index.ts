export * from './csv';
export * from './catalogue-import';
