/** See exact-copy.mjs. */
export function exactCopy(chunks: readonly Uint8Array[]): ArrayBuffer;
