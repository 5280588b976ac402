// The supervisor page's one socket, with the supervisor token from the link.
import { connectSocket, linkParam } from '../common/connect';

export const socket = connectSocket({ token: linkParam() });
