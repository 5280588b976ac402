// The audience page's one socket: no secret, only the event id from its link /live/<eventId>.
import { linkParam, watchSocket } from '../common/socket';

export const socket = watchSocket({ audience: linkParam() });
