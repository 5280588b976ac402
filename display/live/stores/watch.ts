// The audience page's view of every room and every track's leaderboard, bound to its socket once.
import { defineWatchStore } from '../../common/watch';
import { socket, welcomes } from '../socket';

export const useWatch = defineWatchStore(socket, welcomes);
