/**
 * Page cursors: the last row's keyset position (created_at to the microsecond, id), opaque to
 * clients. A cursor that does not decode is a VALIDATION error, never a 500.
 */
import { AppError } from '../../errors.ts';

export interface Keyset {
  createdAt: string;
  id: string;
}

const SHAPE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\|[0-9a-f-]{36}$/i;

export const encodeCursor = (key: Keyset): string => Buffer.from(`${key.createdAt}|${key.id}`).toString('base64url');

export function decodeCursor(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!SHAPE.test(text)) throw new AppError('VALIDATION', 'cursor: not a cursor this API returned.', [{ path: 'cursor', message: 'Invalid cursor.' }]);
  const [createdAt, id] = text.split('|') as [string, string];
  return { createdAt, id };
}

/** Asks for one row more than the page to know whether another page follows. */
export function pageOf<T>(rows: T[], limit: number, key: (row: T) => Keyset): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(key(items.at(-1)!)) : null };
}
