/**
 * @parley/protocol — the one contract between server, widget and console.
 * Runtime schemas live in `@parley/protocol/schemas` so that clients importing this index pull
 * in no validation library; only their inferred types are re-exported here.
 */
export * from './errors.ts';
export * from './limits.ts';
export * from './events.ts';
export * from './http.ts';
export * from './text.ts';
export type * from './ack.ts';
export type * from './schemas.ts';
export type * from './admin.ts';
export type * from './api.ts';
export * from './metrics.ts';
export * from './webhooks.ts';
