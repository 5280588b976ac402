// The host console's one socket, authenticated with the room's host token from the link.
import { connectSocket, linkParam } from '../common/connect';

export const token = linkParam();
export const socket = connectSocket({ token });
