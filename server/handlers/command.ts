// The one way a handler is bound: check the role, parse the payload, run, answer through the ack; never throw at a client.
import type { Socket } from 'socket.io';
import { refusal, type RefusalParams, type RefusalReason } from '../../shared/refusals';
import {
  COMMAND_ROLES, schemas, type Ack, type ClientToServerEvents, type CommandName, type CommandResults, type ErrorBody,
  type Payload, type ServerToClientEvents, type SocketData,
} from '../../shared/protocol';
import { isConnectionError, STORAGE_AWAY } from '../storage';

export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * A handler's answer: the data (and, optionally, the broadcasts to run once the ack is on its way), or a refusal with
 * a stable code (a refusal of the store or the room machine is one already: handlers return it as it is).
 */
export type Outcome<T> = { ok: true; data: T; after?: () => Promise<void> } | ({ ok: false } & ErrorBody);

export const done = <T>(data: T, after?: () => Promise<void>): Outcome<T> => ({ ok: true, data, after });

/** A refusal for a reason of shared/refusals.ts (its code follows), with an English message for logs and its parameters. */
export const fail = (reason: RefusalReason, message: string, params?: RefusalParams): Outcome<never> => refusal(reason, message, params);

/** The error body of a refusal, without its `ok`. */
function body(r: { ok: false } & ErrorBody): ErrorBody {
  const { ok: _ok, ...rest } = r;
  return rest;
}

/** Binds a command: role check (COMMAND_ROLES), zod validation, then the handler; every outcome goes back in the ack. */
export function command<E extends CommandName>(
  socket: AppSocket, name: E, handler: (payload: Payload<E>) => Promise<Outcome<CommandResults[E]>>,
): void {
  const listener = async (payload: unknown, ack: unknown): Promise<void> => {
    if (typeof ack !== 'function') return; // every command is acknowledged; one without an ack is dropped
    const reply = ack as (a: Ack<CommandResults[E]>) => void;
    if (!COMMAND_ROLES[name].includes(socket.data.role)) {
      reply({ ok: false, error: body(refusal('role-forbidden', `a ${socket.data.role} may not ${name}`, { role: socket.data.role, command: name })) });
      return;
    }
    const parsed = schemas[name].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
      reply({ ok: false, error: body(refusal('bad-payload', `${where}${issue.message}`, { detail: `${where}${issue.message}` })) });
      return;
    }
    try {
      const out = await handler(parsed.data as Payload<E>);
      reply(out.ok ? { ok: true, data: out.data } : { ok: false, error: body(out) });
      if (out.ok && out.after) await out.after().catch((err: unknown) => console.error(`${name}: the updates after the ack failed:`, err));
    } catch (err) {
      // Redis went away while the command ran: it may or may not have been stored; resending it is safe (ids, versions).
      if (isConnectionError(err)) {
        reply({ ok: false, error: { code: 'UNAVAILABLE', message: STORAGE_AWAY } });
        return;
      }
      console.error(`${name} failed:`, err);
      reply({ ok: false, error: body(refusal('internal', 'the server could not complete this command; try again')) });
    }
  };
  (socket as unknown as { on: (n: string, l: (p: unknown, a: unknown) => void) => void }).on(name, listener);
}
