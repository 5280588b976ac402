// The audience page's one socket: no secret, only the event id from its link /live/<eventId>.
import { linkParam } from '../../web/link';
import { watchSocket } from '../common/socket';

export const socket = watchSocket({ audience: linkParam() });
