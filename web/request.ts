// The apps' one way to send a command: socket.io's emitWithAck with a timeout, typed by the event map of
// shared/protocol.ts (the command's payload in, its Ack out), a lost answer returned as null rather than thrown.
import type { Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, CommandName, CommandResults, ErrorBody, Payload, ServerToClientEvents } from '../shared/protocol';

/** The refusal an app shows for a command the server did not answer in time (it may or may not have been done). */
export const NO_ANSWER: ErrorBody = { code: 'INTERNAL', message: 'timeout', reason: 'internal' };

/** Sends a command and resolves with its acknowledgement, or with null when none came within `timeoutMs`. */
export async function request<E extends CommandName>(
  socket: Socket<ServerToClientEvents, ClientToServerEvents>, name: E, payload: Payload<E>, timeoutMs: number,
): Promise<Ack<CommandResults[E]> | null> {
  const timed = socket.timeout(timeoutMs);
  // socket.io's typings resolve an event's arguments only for a literal name; for a generic one they are tied here, once.
  const emit = timed.emitWithAck as unknown as (name: E, payload: Payload<E>) => Promise<Ack<CommandResults[E]>>;
  return emit.call(timed, name, payload).catch(() => null);
}
