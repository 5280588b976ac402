// What every handler shares: the store, the room machine, the views, the notifier, the token keeper, the phones' welcome.
import type { AdminAuth, Tokens } from '../auth';
import type { Notifier } from '../notify';
import type { Rooms } from '../rooms';
import type { StorageMonitor } from '../storage';
import type { Store } from '../store/index';
import type { Views } from '../views';
import type { AudienceWelcomes } from '../welcome';

/** The server's parts, built once per process and handed to each role's handlers. */
export interface Ctx {
  store: Store;
  rooms: Rooms;
  views: Views;
  notifier: Notifier;
  tokens: Tokens;
  admin: AdminAuth;
  /** The phones' connection snapshots, built once for all that connect together. */
  welcomes: AudienceWelcomes;
  /** Whether Redis is reachable now (commands are refused with UNAVAILABLE while it is not). */
  storage: StorageMonitor;
  /** The other machine's public address (STANDBY), which the links carry; null without a standby. */
  standby: string | null;
}
