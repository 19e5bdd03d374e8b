/**
 * The OpenAPI 3.1 document of the REST API and its docs page. @fastify/swagger collects the
 * schemas of every tagged route (each API route is tagged; everything else stays out of the
 * document); the schemas are the protocol's zod schemas turned into JSON Schema 2020-12 by zod's
 * own `z.toJSONSchema` (no type-provider library: validation stays the protocol's `parse`, with
 * its typed VALIDATION errors and NUL stripping).
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { API } from '@parley/protocol';
import { z } from 'zod';

export const API_TAGS = [
  { name: 'Site', description: 'The site the token belongs to.' },
  { name: 'Conversations', description: 'Conversations of the site: list, read, close, transfer.' },
  { name: 'Messages', description: 'A conversation\'s messages; sending as an agent or as a bot, delivered live like a console message.' },
  { name: 'Visitors', description: 'Visitors of the site and their custom attributes.' },
  { name: 'Channels', description: 'Channels (departments) and their queues.' },
  { name: 'Agents', description: 'Agents of the site with their status and load.' },
  { name: 'Metrics', description: 'The customer-service KPI report.' },
] as const;
export type ApiTag = (typeof API_TAGS)[number]['name'];

const DESCRIPTION = `Server-to-server API of one Parley site. Create a token in the console (Settings → API tokens)
and send it as \`Authorization: Bearer parley_…\`. A token acts on its own site only; \`read\` tokens may call
every GET, \`write\` tokens the rest. Errors are \`{ "error": { "code", "message", "issues"? } }\` with the code's
HTTP status. Requests are rate limited per IP address (RATE_LIMITED, 429).`;

/** A protocol schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses): requests as input, responses as output. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/** Registers the document collector; must run before the API routes are added. */
export async function installOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Parley REST API', version: '1.0.0', description: DESCRIPTION },
      tags: [...API_TAGS],
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token of the site: `parley_…`.' },
        },
      },
      security: [{ apiToken: [] }],
    },
    hideUntagged: true,
  });
  // The UI gets its own CSP (hashes of its inline scripts; helmet's global CSP is off), without
  // upgrade-insecure-requests (it would break the page on a plain-HTTP LAN install), without the
  // public validator badge (no request leaves for validator.swagger.io), and with inline styles,
  // which Swagger UI sets on elements (scripts stay hash-only, as in the console's CSP).
  await app.register(swaggerUi, {
    routePrefix: API.docs,
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d && d !== 'upgrade-insecure-requests')
        .map((d) => d.replace(' validator.swagger.io', ''))
        .map((d) => (d.startsWith('style-src ') ? "style-src 'self' 'unsafe-inline'" : d))
        .join('; '),
    uiConfig: { docExpansion: 'list', deepLinking: true, validatorUrl: null },
  });
  app.get(API.openapi, { schema: { hide: true } }, async () => app.swagger());
}
