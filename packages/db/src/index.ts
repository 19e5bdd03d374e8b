export * from './client.ts';
export * from './schema.ts';
export * as schema from './schema.ts';
export * from './pipelined-transaction.ts';
