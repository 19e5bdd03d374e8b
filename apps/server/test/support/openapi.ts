/** Reading the served OpenAPI document in tests: its operations, and Ajv validators for its response schemas. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

// ajv-formats is CommonJS with a default export; interop differs between loaders.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as typeof addFormatsModule;

export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string }> };
  security?: Record<string, string[]>[];
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: { in: 'path' | 'query'; name: string; required?: boolean; schema: unknown }[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>;
}

export interface Operation extends OpenApiOperation {
  method: string;
  path: string;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
  );
}

/** Compiles (and caches) the documented JSON schema of a response status of an operation. */
export function responseValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const cache = new Map<string, ValidateFunction>();
  return (op: Operation, status: number): ValidateFunction => {
    const key = `${op.operationId} ${status}`;
    let validate = cache.get(key);
    if (!validate) {
      const schema = op.responses[String(status)]?.content?.['application/json']?.schema;
      if (!schema) throw new Error(`${op.operationId} documents no JSON response for ${status}`);
      validate = ajv.compile(schema as object);
      cache.set(key, validate);
    }
    return validate;
  };
}

/** The concrete URL of an operation: path parameters filled in, query appended. */
export function urlOf(op: Operation, params: Record<string, string> = {}, query: Record<string, string> = {}): string {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${op.operationId}: no value for path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
}
