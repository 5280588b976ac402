// The audience page's one socket: no secret, only the event id from its link /live/<eventId>; a phone taking part in the
// public's vote connects as a voter instead, with its code (or none, by device) and its device id (display/live/voter.ts).
import { linkParam } from '../../web/link';
import { watchSocket } from '../common/socket';
import { deviceId, voterCode } from './voter';
import { phoneWelcome } from './welcome';

export const eventId = linkParam();
/** The code this phone votes with, `device` (no code), or null: it only watches. */
export const voting = voterCode(eventId);
/** This phone's welcome: asked for packed, and kept for the next visit. */
export const welcomes = phoneWelcome(eventId);

export const socket = voting === null
  ? watchSocket(() => ({ audience: eventId, welcome: welcomes.auth() }))
  : watchSocket(() => ({ voter: { event: eventId, code: voting === 'device' ? null : voting, device: deviceId() }, welcome: welcomes.auth() }));
