import type { z } from 'zod';
import { validationError } from '../errors.ts';

/** Parses an HTTP body or query with a protocol schema; a VALIDATION error otherwise. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error);
  return result.data;
}
