// `npm run demo -- --bots`: simulated judges, one socket each, following their room through the one room feed
// (shared/feed.ts) and submitting a sheet a few seconds after scoring opens for them, until SIGINT/SIGTERM.
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { formatMilli, type Milli } from '../../../shared/decimal';
import { RoomFeed, type FeedEvent } from '../../../shared/feed';
import { request } from '../../../shared/request';
import type {
  ClientToServerEvents, FormView, JudgeView, RoomView, ServerToClientEvents, TeamCard,
} from '../../../shared/protocol';
import type { DemoLinks } from './links';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A score sheet's values drawn from a form: each value near 70–90% of its max, on its step, in milli-points. */
export function drawValues(form: Pick<FormView, 'criteria' | 'total'>, random: () => number = Math.random):
  { criteria: Record<string, Milli> } | { total: Milli } {
  const level = 0.72 + random() * 0.14;
  const draw = (max: Milli, step: Milli): Milli => {
    const fraction = Math.min(0.9, Math.max(0.7, level + (random() - 0.5) * 0.08));
    return Math.min(max, Math.max(0, Math.round((max * fraction) / step) * step));
  };
  if (form.criteria.length > 0) {
    return { criteria: Object.fromEntries(form.criteria.map((c) => [c.id, draw(c.maxMilli, c.stepMilli)])) };
  }
  const total = form.total ?? { maxMilli: 100_000, stepMilli: 1000 };
  return { total: draw(total.maxMilli, total.stepMilli) };
}

const ACK_TIMEOUT_MS = 10_000;
const SUBMIT_ATTEMPTS = 2;

function stamp(): string {
  return new Date().toTimeString().slice(0, 8);
}

/** One simulated judge: follows its room, and submits a sheet a few seconds after scoring opens for it. */
class Bot {
  private readonly socket: Client;
  private readonly feed: RoomFeed;
  private canScore = false;
  private view: JudgeView | null = null;
  /** Teams this bot has sent a sheet for since it started. */
  private readonly submitted = new Set<string>();
  /** Teams seen closed: scoring that opens again for them is a re-open, which may be scored again. */
  private readonly closed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly judge: DemoLinks['judges'][number], baseUrl: string, private readonly events: {
    connected(id: string): void; gaveUp(id: string): void;
  }) {
    this.socket = connect(baseUrl, {
      auth: { token: judge.token }, transports: ['websocket'], forceNew: true, timeout: 5000,
      reconnectionAttempts: 30, reconnectionDelay: 500, reconnectionDelayMax: 5000,
    });
    this.feed = new RoomFeed(this.socket, { timers: globalThis, onEvent: (e) => this.onFeed(e) });
    this.socket.io.on('reconnect_failed', () => {
      this.log('gave up reconnecting');
      events.gaveUp(judge.judgeId);
    });
    this.socket.on('judge:state', (v) => this.onState(v));
  }

  private onFeed(e: FeedEvent): void {
    if (e.type === 'connected') {
      this.canScore = false;
      this.cancel();
      this.events.connected(this.judge.judgeId);
    } else if (e.type === 'disconnected') {
      if (!this.stopped) this.log(`disconnected (${e.reason})`);
    } else if (e.type === 'rooms') {
      const room = this.room();
      if (room?.phase === 'closed' && room.team) this.closed.add(room.team.id);
    } else if (e.type === 'refused') {
      this.log((e.what === 'sync' ? `room:sync refused: ${e.code} ${e.message}` : `connection refused: ${e.code}`)
        + (e.retryInMs === null ? '' : `; trying again in ${Math.round(e.retryInMs / 1000)} s`));
    } else if (e.type === 'problem') {
      this.log(`refused by the server for good (${e.problem}): ${e.message}`);
      this.events.gaveUp(this.judge.judgeId);
    }
  }

  private log(line: string): void {
    console.log(`${stamp()} ${this.judge.judgeId} ${this.judge.name}: ${line}`);
  }

  private room(): RoomView | undefined {
    return this.feed.rooms.get(this.judge.roomId);
  }

  private onState(view: JudgeView): void {
    const rising = view.canScore && !this.canScore;
    this.canScore = view.canScore;
    this.view = view;
    if (!view.canScore) this.cancel();
    else if (rising) void this.opened();
  }

  /** Scoring opened for this judge: picks the team on stage and schedules one sheet for it. */
  private async opened(): Promise<void> {
    let room = this.room();
    if (!room || room.phase !== 'scoring' || !room.team) {
      await this.feed.sync();
      room = this.room();
    }
    if (this.stopped || !this.canScore || !room || room.phase !== 'scoring' || !room.team) return;
    const team = room.team;
    const hasSheet = this.submitted.has(team.id) || (this.view?.sheets.some((s) => s.team === team.id) ?? false);
    // Scored already and not re-opened (a resume after a pause, a reconnect): nothing to do.
    if (hasSheet && !this.closed.has(team.id)) return;
    this.closed.delete(team.id);
    this.cancel();
    const delay = 1000 + Math.floor(Math.random() * 3000);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.submit(team);
    }, delay);
  }

  private async submit(team: TeamCard): Promise<void> {
    const room = this.room();
    if (this.stopped || !this.canScore || room?.team?.id !== team.id || room.phase !== 'scoring') return;
    const form = this.view?.forms.find((f) => f.trackId === team.trackId);
    if (!form) {
      this.log(`no score form for track ${team.trackId}: not scoring ${team.id}`);
      return;
    }
    const sid = randomUUID().replace(/-/g, '');
    const payload = { sid, team: team.id, values: drawValues(form) };
    this.submitted.add(team.id);
    for (let attempt = 1; attempt <= SUBMIT_ATTEMPTS && !this.stopped; attempt++) {
      // The same sid on a second attempt: the server stores a sheet once per sid.
      const ack = await request(this.socket, 'score:submit', payload, ACK_TIMEOUT_MS);
      if (!ack) {
        this.log(`no receipt for ${team.id} (no answer in ${ACK_TIMEOUT_MS / 1000} s), attempt ${attempt} of ${SUBMIT_ATTEMPTS}`);
        continue;
      }
      if (ack.ok) {
        const r = ack.data;
        this.log(`scored ${r.team} ${team.project}: ${formatMilli(r.total)} (version ${r.version}`
          + `${r.duplicate ? ', already stored' : ''}, at ${new Date(Number(r.at)).toTimeString().slice(0, 8)})`);
      } else {
        this.log(`sheet for ${team.id} refused: ${ack.error.code} ${ack.error.message}`);
      }
      return;
    }
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Stops scoring and closes the connection. */
  stop(): void {
    this.stopped = true;
    this.cancel();
    this.feed.stop();
    this.socket.removeAllListeners();
    this.socket.io.removeAllListeners();
    this.socket.disconnect();
  }
}

/** Runs one simulated judge per judge link until SIGINT/SIGTERM (0), or until every one of them has given up (1). */
export function runBots(links: DemoLinks): Promise<number> {
  return new Promise((resolveExit) => {
    const total = links.judges.length;
    const connected = new Set<string>();
    const gaveUp = new Set<string>();
    let all = false;
    let bots: Bot[] = [];
    const finish = (code: number): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const b of bots) b.stop();
      resolveExit(code);
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      console.log(`${stamp()} ${signal}: stopping ${total} simulated judges`);
      finish(0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    console.log(`\n${stamp()} bots: connecting ${total} simulated judges to ${links.baseUrl} (Ctrl-C to stop)`);
    bots = links.judges.map((j) => new Bot(j, links.baseUrl, {
      connected(id) {
        connected.add(id);
        gaveUp.delete(id);
        if (!all && connected.size === total) {
          all = true;
          console.log(`${stamp()} bots: all ${total} simulated judges connected; they score 1-4 s after scoring opens`);
        }
      },
      gaveUp(id) {
        gaveUp.add(id);
        if (gaveUp.size === total) {
          console.error(`${stamp()} bots: every simulated judge has given up; is the server running at ${links.baseUrl}?`);
          finish(1);
        }
      },
    }));
    if (total === 0) finish(0);
  });
}
