/**
 * Visitor and agent tokens: HS256 JWTs with an explicit algorithm, audience and expiry, so a
 * visitor token can never pass as an agent token and `alg: none` is refused.
 */
import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError } from '../../errors.ts';

const ISSUER = 'parley';
const AUDIENCE = { visitor: 'parley:visitor', agent: 'parley:agent' } as const;

export interface VisitorClaims {
  visitorId: string;
  siteId: string;
}
export interface AgentClaims {
  agentId: string;
  /** Token version at issue time; a bump on the agent row revokes older tokens. */
  version: number;
}

export interface TokenService {
  signVisitor(claims: VisitorClaims): string;
  verifyVisitor(token: string): VisitorClaims;
  signAgent(claims: AgentClaims): string;
  verifyAgent(token: string): AgentClaims;
}

export function createTokenService(secretText: string, ttl: { visitor: number; agent: number }): TokenService {
  // A KeyObject, made once: given a string, jsonwebtoken first tries (and fails) to parse it as a
  // public or private key on every call — most of the CPU of a connection storm (profiled).
  const secret = createSecretKey(Buffer.from(secretText, 'utf8'));
  const sign = (aud: string, sub: string, extra: Record<string, unknown>, expiresIn: number) =>
    jwt.sign(extra, secret, { algorithm: 'HS256', audience: aud, issuer: ISSUER, subject: sub, expiresIn });

  const verify = (token: string, aud: string): jwt.JwtPayload => {
    try {
      const payload = jwt.verify(token, secret, { algorithms: ['HS256'], audience: aud, issuer: ISSUER });
      if (typeof payload === 'string' || typeof payload.sub !== 'string') throw new Error('bad payload');
      return payload;
    } catch {
      throw new AppError('UNAUTHORIZED');
    }
  };

  return {
    signVisitor: (c) => sign(AUDIENCE.visitor, c.visitorId, { sid: c.siteId }, ttl.visitor),
    verifyVisitor: (token) => {
      const p = verify(token, AUDIENCE.visitor);
      if (typeof p.sid !== 'string') throw new AppError('UNAUTHORIZED');
      return { visitorId: p.sub!, siteId: p.sid };
    },
    signAgent: (c) => sign(AUDIENCE.agent, c.agentId, { ver: c.version }, ttl.agent),
    verifyAgent: (token) => {
      const p = verify(token, AUDIENCE.agent);
      if (typeof p.ver !== 'number') throw new AppError('UNAUTHORIZED');
      return { agentId: p.sub!, version: p.ver };
    },
  };
}
