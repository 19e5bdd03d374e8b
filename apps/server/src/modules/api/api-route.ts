/**
 * One REST API operation, declared once: its schemas (for validation and for the OpenAPI
 * document), the scope it needs and the errors it can answer. Every operation authenticates the
 * API token first, then parses its input with the protocol schemas, then calls the handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ERRORS, type ApiScope, type ErrorCode } from '@parley/protocol';
import { errorResponseSchema } from '@parley/protocol/api';
import type { z } from 'zod';
import { parse } from '../../http/parse.ts';
import type { ApiActor } from '../../shared/actor.ts';
import type { AppDeps } from '../../shared/deps.ts';
import { bearerToken } from '../auth/authenticate.ts';
import { authenticateApiToken, requireScope } from './api-tokens.ts';
import { jsonSchema, type ApiTag } from './openapi.ts';

type Schema = z.ZodType;
type Out<S> = S extends Schema ? z.output<S> : undefined;

export interface ApiOperation<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: 'GET' | 'POST' | 'PATCH';
  url: string;
  operationId: string;
  tag: ApiTag;
  summary: string;
  description?: string;
  scope: ApiScope;
  params?: P;
  query?: Q;
  body?: B;
  /** Success responses by status. */
  responses: Record<number, { description: string; schema: Schema }>;
  /** Errors this operation answers besides those every operation can (401, 403, 429, 503; 400/413 with input). */
  errors?: ErrorCode[];
  handler(input: { actor: ApiActor; params: Out<P>; query: Out<Q>; body: Out<B>; request: FastifyRequest }): Promise<{ status: number; body: unknown }>;
}

const ALWAYS: ErrorCode[] = ['UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED', 'UNAVAILABLE'];

/** The documented error responses, grouped by HTTP status, each naming its codes. */
function errorResponses(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) byStatus.set(ERRORS[code].status, [...(byStatus.get(ERRORS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      status,
      { description: `Error: ${list.join(', ')}.`, ...jsonSchema(errorResponseSchema(list), 'output') },
    ]),
  );
}

export function addApiOperation<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(
  app: FastifyInstance,
  deps: AppDeps,
  op: ApiOperation<P, Q, B>,
): void {
  const codes = [...ALWAYS, ...(op.errors ?? [])];
  if (op.params || op.query || op.body) codes.push('VALIDATION');
  if (op.body) codes.push('PAYLOAD_TOO_LARGE');
  const success = Object.fromEntries(Object.entries(op.responses).map(([status, r]) => [status, { description: r.description, ...jsonSchema(r.schema, 'output') }]));
  app.route({
    method: op.method,
    url: op.url,
    schema: {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      ...(op.params ? { params: jsonSchema(op.params, 'input') } : {}),
      ...(op.query ? { querystring: jsonSchema(op.query, 'input') } : {}),
      ...(op.body ? { body: jsonSchema(op.body, 'input') } : {}),
      response: { ...success, ...errorResponses(codes) },
    },
    handler: async (request, reply) => {
      const actor = await authenticateApiToken(deps.db, bearerToken(request.headers.authorization));
      requireScope(actor, op.scope);
      const input = {
        actor,
        params: (op.params ? parse(op.params, request.params) : undefined) as Out<P>,
        query: (op.query ? parse(op.query, request.query) : undefined) as Out<Q>,
        body: (op.body ? parse(op.body, request.body ?? {}) : undefined) as Out<B>,
        request,
      };
      const result = await op.handler(input);
      return reply.status(result.status).send(result.body);
    },
  });
}

/**
 * Route schemas here only document: input is parsed by the protocol's zod schemas in the handler
 * (typed VALIDATION errors, NUL stripping) and output is plain JSON, so Fastify's own Ajv
 * validation and schema-driven serialisation are switched off for these routes.
 */
export function documentOnlySchemas(app: FastifyInstance): void {
  app.setValidatorCompiler(() => (data) => ({ value: data }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
