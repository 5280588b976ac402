// The projector's view of its room and the leaderboards, bound to its socket once (display/common/watch.ts).
import { defineWatchStore } from '../../common/watch';
import { socket } from '../socket';

export const useWatch = defineWatchStore(socket);
