/**
 * localStorage access that never throws: storage can be disabled (privacy modes, sandboxed
 * frames) and the console must still work, just without remembering anything.
 */

/** Reads a stored string, or null when absent or when storage is unavailable. */
export function readStored(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

/** Stores a string, or removes the key when `value` is null. Failures are ignored. */
export function writeStored(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(key);
    else globalThis.localStorage?.setItem(key, value);
  } catch {
    // Storage full or disabled: the value simply is not remembered.
  }
}
