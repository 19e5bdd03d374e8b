import type { z } from 'zod';
import { validationError } from '../errors.ts';
import { stripNul } from '../shared/strip-nul.ts';

/** Parses an HTTP body or query with a protocol schema; a VALIDATION error otherwise. */
export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(stripNul(value));
  if (!result.success) throw validationError(result.error);
  return result.data;
}
