// The one way to send a command and wait for its answer, for the apps and the demo's simulated judges: socket.io's
// emitWithAck with a timeout, typed by the event map of protocol.ts (the command's payload in, its Ack out), a lost
// answer returned as null rather than thrown.
import type { Ack, CommandName, CommandResults, ErrorBody, Payload } from './protocol';

/** What a command needs of a socket: socket.io-client's Socket (in a browser or in Node) has it. */
export interface RequestSocket {
  timeout(ms: number): { emitWithAck: unknown };
}

/** The refusal an app shows for a command the server did not answer in time (it may or may not have been done). */
export const NO_ANSWER: ErrorBody = { code: 'INTERNAL', message: 'timeout', reason: 'internal' };

/** Sends a command and resolves with its acknowledgement, or with null when none came within `timeoutMs`. */
export async function request<E extends CommandName>(
  socket: RequestSocket, name: E, payload: Payload<E>, timeoutMs: number,
): Promise<Ack<CommandResults[E]> | null> {
  const timed = socket.timeout(timeoutMs);
  // socket.io's typings resolve an event's arguments only for a literal name; for a generic one they are tied here, once.
  const emit = timed.emitWithAck as unknown as (name: E, payload: Payload<E>) => Promise<Ack<CommandResults[E]>>;
  return emit.call(timed, name, payload).catch(() => null);
}
