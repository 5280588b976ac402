// The host console's one socket, authenticated with the room's host token from the link.
import { linkParam } from '../../web/link';
import { connectSocket } from '../common/connect';

export const token = linkParam();
export const socket = connectSocket({ token });
