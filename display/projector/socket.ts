// The projector's one socket, authenticated with the display token in its link /display/<token>.
import { linkParam } from '../../web/link';
import { watchSocket } from '../common/socket';

export const socket = watchSocket({ token: linkParam() });
