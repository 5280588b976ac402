// The one way a handler is bound: check the role, parse the payload, run, answer through the ack; never throw at a client.
import type { Socket } from 'socket.io';
import {
  COMMAND_ROLES, schemas, type Ack, type ClientToServerEvents, type CommandName, type CommandResults, type ErrorCode,
  type Payload, type ServerToClientEvents, type SocketData,
} from '../../shared/protocol';
import { isConnectionError, STORAGE_AWAY } from '../storage';

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * A handler's answer: the data (and, optionally, the broadcasts to run once the ack is on its way), or a refusal with
 * a stable code.
 */
export type Outcome<T> = { ok: true; data: T; after?: () => Promise<void> } | { ok: false; code: ErrorCode; message: string };

export const done = <T>(data: T, after?: () => Promise<void>): Outcome<T> => ({ ok: true, data, after });
export const fail = (code: ErrorCode, message: string): Outcome<never> => ({ ok: false, code, message });

/** Binds a command: role check (COMMAND_ROLES), zod validation, then the handler; every outcome goes back in the ack. */
export function command<E extends CommandName>(
  socket: AppSocket, name: E, handler: (payload: Payload<E>) => Promise<Outcome<CommandResults[E]>>,
): void {
  const listener = async (payload: unknown, ack: unknown): Promise<void> => {
    if (typeof ack !== 'function') return; // every command is acknowledged; one without an ack is dropped
    const reply = ack as (a: Ack<CommandResults[E]>) => void;
    if (!COMMAND_ROLES[name].includes(socket.data.role)) {
      reply({ ok: false, error: { code: 'FORBIDDEN', message: `a ${socket.data.role} may not ${name}` } });
      return;
    }
    const parsed = schemas[name].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      reply({ ok: false, error: { code: 'BAD_REQUEST', message: `${where}${issue.message}` } });
      return;
    }
    try {
      const out = await handler(parsed.data as Payload<E>);
      reply(out.ok ? { ok: true, data: out.data } : { ok: false, error: { code: out.code, message: out.message } });
      if (out.ok && out.after) await out.after().catch((err: unknown) => console.error(`${name}: the updates after the ack failed:`, err));
    } catch (err) {
      // Redis went away while the command ran: it may or may not have been stored; resending it is safe (ids, versions).
      if (isConnectionError(err)) {
        reply({ ok: false, error: { code: 'UNAVAILABLE', message: STORAGE_AWAY } });
        return;
      }
      console.error(`${name} failed:`, err);
      reply({ ok: false, error: { code: 'INTERNAL', message: 'the server could not complete this command; try again' } });
    }
  };
  (socket as unknown as { on: (n: string, l: (p: unknown, a: unknown) => void) => void }).on(name, listener);
}
