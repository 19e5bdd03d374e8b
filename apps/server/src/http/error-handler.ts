/** The one HTTP error handler: every failure leaves as `{ error: { code, message } }` with its status. */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ErrorCode } from '@parley/protocol';
import { AppError, toAppError } from '../errors.ts';

/** Fastify's own errors (bad JSON, body too large, wrong content type) by status. */
const FASTIFY_STATUS_TO_CODE: Record<number, ErrorCode> = {
  400: 'VALIDATION',
  404: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'VALIDATION',
  429: 'RATE_LIMITED',
};

export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    let appError: AppError;
    const fastifyCode = error.statusCode ? FASTIFY_STATUS_TO_CODE[error.statusCode] : undefined;
    if (error instanceof AppError) appError = error;
    else if (fastifyCode) appError = new AppError(fastifyCode, error.statusCode === 400 || error.statusCode === 415 ? error.message : undefined);
    else appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    void reply.status(appError.status).send({ error: appError.toBody() });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: new AppError('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}`).toBody() });
  });
}

/** The origin this server is reached at: PUBLIC_URL when set, else the request's own. */
export function ownOrigin(publicUrl: string | undefined, request: { protocol: string; host: string }): string {
  return publicUrl ? new URL(publicUrl).origin : `${request.protocol}://${request.host}`;
}
