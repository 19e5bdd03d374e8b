/** Real clients for tests: fetch for HTTP, socket.io-client for the realtime gateway. */
import {
  EVENTS,
  HTTP,
  NAMESPACES,
  type Ack,
  type AgentClientToServer,
  type AgentServerToClient,
  type AgentSessionResponse,
  type VisitorClientToServer,
  type VisitorServerToClient,
  type VisitorSessionResponse,
} from '@parley/protocol';
import { io, type Socket } from 'socket.io-client';
import type { AckData } from '../../src/socket/handle.ts';

export type VisitorClient = Socket<VisitorServerToClient, VisitorClientToServer>;
export type AgentClient = Socket<AgentServerToClient, AgentClientToServer>;

export async function postJson<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as T };
}

export async function visitorSession(baseUrl: string, siteKey: string, token?: string): Promise<VisitorSessionResponse> {
  const res = await postJson<VisitorSessionResponse>(baseUrl + HTTP.visitorSession, { siteKey, token });
  if (res.status !== 200) throw new Error(`visitor session failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function agentLogin(baseUrl: string, email: string, password: string): Promise<AgentSessionResponse> {
  const res = await postJson<AgentSessionResponse>(baseUrl + HTTP.agentLogin, { email, password });
  if (res.status !== 200) throw new Error(`agent login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

const opened: Socket[] = [];

function connect<S extends Socket>(url: string, token: string): Promise<S> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true }) as S;
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export const connectVisitor = (baseUrl: string, token: string) => connect<VisitorClient>(baseUrl + NAMESPACES.visitor, token);
export const connectAgent = (baseUrl: string, token: string) => connect<AgentClient>(baseUrl + NAMESPACES.agent, token);

/** Closes every socket a test opened. */
export function closeSockets(): void {
  for (const s of opened.splice(0)) s.close();
}

/** Emits an acknowledged event and resolves with the ack (typed from the protocol's event map). */
export function request<M, E extends keyof M & string>(
  socket: { timeout(ms: number): { emit(event: string, ...args: unknown[]): void } },
  event: E,
  payload: unknown,
): Promise<Ack<AckData<M, E>>> {
  return new Promise((resolve, reject) => {
    socket.timeout(5000).emit(event, payload, (err: Error | null, ack: Ack<AckData<M, E>>) => (err ? reject(err) : resolve(ack)));
  });
}

export const visitorRequest = <E extends keyof VisitorClientToServer & string>(s: VisitorClient, e: E, p: unknown) =>
  request<VisitorClientToServer, E>(s as never, e, p);
export const agentRequest = <E extends keyof AgentClientToServer & string>(s: AgentClient, e: E, p: unknown) =>
  request<AgentClientToServer, E>(s as never, e, p);

/** Unwraps an ok ack or fails the test with the error it carried. */
export function ok<T>(ack: Ack<T>): T {
  if (!ack.ok) throw new Error(`expected ok ack, got ${JSON.stringify(ack.error)}`);
  return ack.data;
}

/** Resolves with the next event of that name whose payload matches. */
export function nextEvent<T>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const listener = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

export { EVENTS };
