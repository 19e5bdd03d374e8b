/**
 * The chunks' bytes in an ArrayBuffer of their own, to be transferred (`postMessage(b, [b])`)
 * rather than cloned. Posting a Buffer clones its whole backing store — the 8 KiB pool slab for a
 * small one, pg's grown write buffer for a large one — and under load that garbage paused both
 * threads (mark-compacts of 2-11 ms in the database thread, every second or two).
 * Plain JavaScript: the worker thread (pglite-worker.mjs) has no TypeScript loader.
 *
 * @param {readonly Uint8Array[]} chunks
 * @returns {ArrayBuffer}
 */
export function exactCopy(chunks) {
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}
