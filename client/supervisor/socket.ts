// The supervisor page's one socket, with the supervisor token from the link.
import { linkParam } from '../../web/link';
import { connectSocket } from '../common/connect';

export const socket = connectSocket({ token: linkParam() });
