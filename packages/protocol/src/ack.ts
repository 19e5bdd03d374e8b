import type { ErrorBody } from './errors.ts';

/** Every socket acknowledgement has this shape. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ErrorBody };
export type AckCallback<T> = (ack: Ack<T>) => void;
