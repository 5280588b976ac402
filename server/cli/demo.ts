// `npm run demo -- --rooms R --teams T --judges J [--bots]`: a rehearsal event on the running server's Redis, every link in DATA_DIR/demo.json, optional simulated judges.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { formatMilli, type Milli } from '../../shared/decimal';
import { eventConfigSchema, idSchema, type EventConfig, type Judge, type Room, type Team } from '../../shared/domain';
import { linkPath } from '../../shared/links';
import { RoomMirror } from '../../shared/mirror';
import { eventFromPreset } from '../../shared/presets';
import type {
  Ack, ClientToServerEvents, FormView, JudgeView, RoomView, ScoreReceipt, ServerToClientEvents, TeamCard,
} from '../../shared/protocol';
import { Tokens } from '../auth';
import { emptyRoomState, Store } from '../store/index';
import { eventKeys } from '../store/keys';

/** The preset whose tracks the rehearsal runs (one track per room, in order). */
export const DEMO_PRESET = 'sjys-2026-guangdong';
/** Every demo event's name starts with this; only such an event is ever replaced. */
export const DEMO_NAME_PREFIX = '彩排 · ';

/** The accepted range of each count flag. */
export const LIMITS = {
  rooms: { min: 1, max: 17, default: 2 },
  teams: { min: 1, max: 60, default: 8 },
  judges: { min: 1, max: 25, default: 7 },
} as const;

/** What the command line asked for. */
export interface DemoOptions {
  rooms: number;
  teams: number;
  judges: number;
  eventId: string;
  bots: boolean;
  /** The server's base URL, without a trailing slash. */
  url: string;
  help: boolean;
}

/** A command line that cannot be run; the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {}

/** A failure to set the demo up (no server, an event that is not ours); the CLI prints the message and exits with 1. */
export class DemoError extends Error {}

export const USAGE = `usage: npm run demo -- [--rooms R] [--teams T] [--judges J] [--event ID] [--bots] [--url URL]

Creates (or replaces) a rehearsal event on the running server's Redis and writes DATA_DIR/demo.json
with every link and token: admin, supervisor, audience, each room's host and display, each judge.
Run it with the same DATA_DIR as the server (and the same REDIS_URL, if the server uses one).

  --rooms R    rooms, one Guangdong track each (${LIMITS.rooms.min}-${LIMITS.rooms.max}, default ${LIMITS.rooms.default})
  --teams T    teams per room (${LIMITS.teams.min}-${LIMITS.teams.max}, default ${LIMITS.teams.default})
  --judges J   judges per room (${LIMITS.judges.min}-${LIMITS.judges.max}, default ${LIMITS.judges.default})
  --event ID   the event id (default demo)
  --bots       stay running with simulated judges who score whenever scoring opens for them
  --url URL    the server's address in the links (default http://127.0.0.1:$PORT, PORT default 3000)
  --help       this text`;

const VALUE_FLAGS = ['rooms', 'teams', 'judges', 'event', 'url'] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

function countFlag(name: 'rooms' | 'teams' | 'judges', raw: string | undefined): number {
  const { min, max, default: fallback } = LIMITS[name];
  if (raw === undefined) return fallback;
  if (!/^\d{1,6}$/.test(raw)) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, not "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be from ${min} to ${max}, not ${n}`);
  return n;
}

/** Normalises a base URL (http or https, no query, no trailing slash), or throws a UsageError. */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`--url must be an absolute http(s) address such as http://192.168.1.10:3000, not "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--url must start with http:// or https://, not "${raw}"`);
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new UsageError(`--url must be a plain address without query, fragment or credentials, not "${raw}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** Parses the command line (`--flag value` or `--flag=value`); throws a UsageError naming the bad flag. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): DemoOptions {
  const values: Partial<Record<ValueFlag, string>> = {};
  let bots = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z]+)(?:=(.*))?$/s.exec(arg);
    if (!m) throw new UsageError(`unexpected argument "${arg}"`);
    const name = m[1]!;
    const inline = m[2];
    if (name === 'bots' || name === 'help') {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      if (name === 'bots') bots = true;
      else help = true;
      continue;
    }
    if (!(VALUE_FLAGS as readonly string[]).includes(name)) throw new UsageError(`unknown option --${name}`);
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i += 1;
    }
    values[name as ValueFlag] = value;
  }
  const eventId = values.event ?? 'demo';
  if (!idSchema.safeParse(eventId).success) {
    throw new UsageError(`--event must be 1 to 64 letters, digits, - or _, not "${eventId}"`);
  }
  return {
    rooms: countFlag('rooms', values.rooms),
    teams: countFlag('teams', values.teams),
    judges: countFlag('judges', values.judges),
    eventId,
    bots,
    url: normaliseBaseUrl(values.url ?? `http://127.0.0.1:${env.PORT || 3000}`),
    help,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The rehearsal event: deterministic names from small word lists.

const CITIES = ['广州', '深圳', '珠海', '佛山', '东莞', '中山', '惠州', '江门', '汕头', '湛江', '肇庆', '韶关', '清远',
  '茂名', '梅州', '阳江', '揭阳', '潮州', '云浮', '河源', '汕尾'];
const BRANDS = ['智联', '数创', '云图', '粤信', '海数', '汇智', '天枢', '星河', '数港', '鹏程', '南粤', '湾区'];
const ORG_KINDS = ['市大数据集团有限公司', '数字科技有限公司', '信息技术股份有限公司', '数据服务有限公司', '智能科技有限公司',
  '城市运营有限公司', '数据科学研究院'];
const CO_ORGS = ['中山大学', '华南理工大学', '暨南大学', '深圳大学', '南方科技大学', '广东工业大学', '华南师范大学',
  '华南农业大学', '广州大学', '汕头大学', '五邑大学'];
const PREFIXES = ['基于多源数据融合的', '面向全域感知的', '基于大模型与知识图谱的', '基于隐私计算的', '基于可信数据空间的',
  '融合时空数据的', '数据驱动的'];
const PRODUCTS = ['智能调度平台', '协同决策系统', '风险预警平台', '全链路监测系统', '一体化服务平台', '智能分析与应用平台',
  '数字孪生平台', '精准服务体系'];
/** Three scenarios per Guangdong track code: the middle of a project's name. */
const SCENARIOS: Record<string, [string, string, string]> = {
  T01: ['高端装备制造', '产业链供应链', '工业碳排放'],
  T02: ['智慧农业生产', '种业全链条', '耕地质量'],
  T03: ['跨境电商', '现代商贸流通', '品质消费'],
  T04: ['城市交通', '港口航运物流', '综合交通枢纽'],
  T05: ['普惠金融', '供应链金融', '小微企业信贷'],
  T06: ['科研数据共享', '科技成果转化', '科学数据'],
  T07: ['区域医疗协同', '慢病管理', '医学影像'],
  T08: ['医保基金监管', '医保支付', '药品耗材追溯'],
  T09: ['自然灾害', '安全生产', '城市生命线'],
  T10: ['气象灾害', '农业气象', '新能源功率预测'],
  T11: ['城市运行', '基层治理', '智慧社区'],
  T12: ['碳足迹核算', '能源消费', '绿色电力'],
  T13: ['就业服务', '职业技能提升', '人才精准匹配'],
  T14: ['全民健身', '体育赛事', '青少年体质健康'],
  T15: ['文物数字化保护', '历史文化街区', '考古遗址'],
  T16: ['中药材溯源', '中医诊疗', '中医药知识服务'],
  T17: ['算力网络调度', '数据流通交易', '公共数据授权运营'],
};
const TEAM_WORDS = ['创新团队', '攻关团队', '联合团队', '数据团队', '项目组'];
// 20 surnames and 22 given names: gcd(20 + 1, 22) = 1, so the first 440 names are all different.
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '林',
  '罗', '梁'];
const GIVEN = ['建华', '志强', '海燕', '晓明', '丽娟', '国庆', '文博', '静怡', '振宇', '雅琴', '立新', '慧敏', '子涵',
  '永明', '秀英', '嘉伟', '婉婷', '春生', '若曦', '宏伟', '思远', '凤霞'];
const JUDGE_ORGS = ['中山大学', '华南理工大学', '暨南大学', '深圳大学', '南方科技大学', '广东省科学院', '广东工业大学',
  '华南师范大学', '香港科技大学（广州）', '广东财经大学'];
const TITLES = ['教授', '研究员', '正高级工程师', '副教授', '高级经济师', '首席数据官', '主任医师'];

const pick = <T>(list: readonly T[], i: number): T => list[((i % list.length) + list.length) % list.length]!;

/** A person's name for an index: distinct for the first 440 indexes. */
export function personName(i: number): string {
  return pick(SURNAMES, i) + pick(GIVEN, i + Math.floor(i / SURNAMES.length));
}

function leadOrg(g: number): string {
  const kind = pick(ORG_KINDS, g);
  const city = pick(CITIES, g * 5 + 2);
  return kind.startsWith('市') || kind.endsWith('研究院') ? `${city}${kind}` : `${city}${pick(BRANDS, g * 7 + 1)}${kind}`;
}

/** The rehearsal event: R rooms (track i of the Guangdong preset in room i), T teams and J judges per room, one recusal. */
export function buildDemoEvent(opts: Pick<DemoOptions, 'eventId' | 'rooms' | 'teams' | 'judges'>): EventConfig {
  const base = eventFromPreset(DEMO_PRESET, opts.eventId);
  if (opts.rooms < 1 || opts.rooms > base.tracks.length) throw new RangeError(`rooms must be from 1 to ${base.tracks.length}`);
  const tracks = base.tracks.slice(0, opts.rooms);
  const rooms: Room[] = [];
  const teams: Team[] = [];
  const judges: Judge[] = [];
  tracks.forEach((track, ri) => {
    const r = ri + 1;
    const scenarios = SCENARIOS[track.code] ?? [track.name, track.name, track.name];
    for (let t = 1; t <= opts.teams; t++) {
      const i = t - 1;
      const g = ri * opts.teams + i;
      const org = leadOrg(g);
      // 7, 3 and 8 are pairwise coprime: the first 168 names of a track are all different.
      const project = `${pick(PREFIXES, i)}${pick(scenarios, i)}${pick(PRODUCTS, i)}`;
      teams.push({
        id: `r${r}t${String(t).padStart(2, '0')}`,
        trackId: track.id,
        project,
        name: `${pick(BRANDS, g * 5 + r)}${pick(TEAM_WORDS, g)}`,
        leadOrg: org,
        coOrgs: g % 3 === 2 ? [] : [pick(CO_ORGS, g * 3 + 1), ...(g % 3 === 0 ? [pick(CITIES, g + 4) + '市政务服务和数据管理局'] : [])],
        topic: track.topics.length ? pick(track.topics, i) : '',
        representatives: [personName(1000 + g * 2), ...(g % 2 === 0 ? [personName(1001 + g * 2)] : [])],
      });
    }
    const panel: string[] = [];
    for (let j = 1; j <= opts.judges; j++) {
      const g = ri * opts.judges + (j - 1);
      const id = `r${r}j${String(j).padStart(2, '0')}`;
      judges.push({ id, name: personName(g), org: pick(JUDGE_ORGS, g * 3 + r), title: pick(TITLES, g) });
      panel.push(id);
    }
    rooms.push({ id: `room${r}`, name: `第${r}会场`, trackIds: [track.id], panel });
  });
  const recusals: EventConfig['recusals'] = [];
  const firstJudge = judges[0];
  const secondTeam = teams[1];
  // Room 1's first judge works where room 1's second team is led from; that needs a second team and a second judge.
  if (firstJudge && secondTeam && opts.judges >= 2 && secondTeam.id.startsWith('r1t')) {
    firstJudge.org = secondTeam.leadOrg;
    recusals.push({ team: secondTeam.id, judge: firstJudge.id, reason: '同单位回避' });
  }
  return eventConfigSchema.parse({
    ...base,
    name: `${DEMO_NAME_PREFIX}${base.name}`,
    shortName: `${DEMO_NAME_PREFIX}${base.shortName}`,
    tracks, rooms, teams, judges, recusals,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Links.

/** DATA_DIR/demo.json: every link and token of the rehearsal, as full URLs. */
export interface DemoLinks {
  eventId: string;
  eventName: string;
  baseUrl: string;
  admin: string;
  audience: string;
  supervisor: string;
  supervisorToken: string;
  rooms: Array<{ roomId: string; name: string; track: string; host: string; display: string; hostToken: string; displayToken: string }>;
  judges: Array<{ judgeId: string; name: string; roomId: string; url: string; token: string }>;
}

/** Issues (or reuses) every token of the event and returns the links as full URLs under `baseUrl`. */
export async function issueLinks(tokens: Pick<Tokens, 'ensure'>, ev: EventConfig, baseUrl: string): Promise<DemoLinks> {
  const supervisorToken = await tokens.ensure(ev.id, 'supervisor', ev.id);
  const rooms: DemoLinks['rooms'] = [];
  const judges: DemoLinks['judges'] = [];
  for (const room of ev.rooms) {
    const hostToken = await tokens.ensure(ev.id, 'host', room.id);
    const displayToken = await tokens.ensure(ev.id, 'display', room.id);
    const track = ev.tracks.filter((t) => room.trackIds.includes(t.id)).map((t) => `${t.code} ${t.name}`).join('、');
    rooms.push({
      roomId: room.id, name: room.name, track, host: baseUrl + linkPath.host(hostToken),
      display: baseUrl + linkPath.display(displayToken), hostToken, displayToken,
    });
    for (const judgeId of room.panel) {
      const judge = ev.judges.find((j) => j.id === judgeId)!;
      const token = await tokens.ensure(ev.id, 'judge', judgeId);
      judges.push({ judgeId, name: judge.name, roomId: room.id, url: baseUrl + linkPath.judge(token), token });
    }
  }
  return {
    eventId: ev.id, eventName: ev.name, baseUrl, admin: `${baseUrl}/admin`, audience: baseUrl + linkPath.audience(ev.id),
    supervisor: baseUrl + linkPath.supervisor(supervisorToken), supervisorToken, rooms, judges,
  };
}

/** The links as readable lines: each room (host, display, its judges), then the event-wide links. */
export function formatLinks(links: DemoLinks): string {
  const lines = [`${links.eventName} (${links.eventId})`, ''];
  for (const room of links.rooms) {
    lines.push(`${room.name} (${room.roomId}) · ${room.track}`);
    lines.push(`  主持 host      ${room.host}`);
    lines.push(`  大屏 display   ${room.display}`);
    for (const j of links.judges.filter((x) => x.roomId === room.roomId)) {
      lines.push(`  评委 ${j.judgeId} ${j.name.padEnd(4, '　')} ${j.url}`);
    }
    lines.push('');
  }
  lines.push(`管理 admin       ${links.admin}`);
  lines.push(`监督 supervisor  ${links.supervisor}`);
  lines.push(`观众 audience    ${links.audience}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// Redis: the running server's.

/** The running server's Redis: REDIS_URL, else the port its embedded redis-server wrote to DATA_DIR/redis/embedded.json. */
export function serverRedisUrl(env: NodeJS.ProcessEnv, dataDir: string): string {
  if (env.REDIS_URL) return env.REDIS_URL;
  const file = join(dataDir, 'redis', 'embedded.json');
  if (!existsSync(file)) {
    throw new DemoError(`no running server found: ${file} does not exist. `
      + 'Start the server first with npm start (same DATA_DIR), or set REDIS_URL to the Redis it uses.');
  }
  let port: unknown;
  try {
    port = (JSON.parse(readFileSync(file, 'utf8')) as { port?: unknown }).port;
  } catch (err) {
    throw new DemoError(`cannot read ${file}: ${(err as Error).message}; start the server first with npm start (same DATA_DIR)`);
  }
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new DemoError(`${file} names no port; start the server first with npm start (same DATA_DIR)`);
  }
  return `redis://127.0.0.1:${port}`;
}

async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true, connectTimeout: 3000, maxRetriesPerRequest: 1, retryStrategy: () => null, enableOfflineQueue: false,
  });
  let lastError = '';
  redis.on('error', (err: Error) => { lastError = err.message; });
  const shown = url.replace(/\/\/[^@]*@/, '//***@');
  try {
    await redis.connect();
    if ((await redis.ping()) !== 'PONG') throw new Error('no PONG');
  } catch (err) {
    redis.disconnect();
    throw new DemoError(`cannot reach the server's Redis at ${shown} (${lastError || (err as Error).message}); `
      + 'start the server first with npm start (same DATA_DIR)');
  }
  return redis;
}

/**
 * Clears a previous rehearsal's live state (rooms, sheets, results, audit) before the event is saved again; keeps the
 * tokens so links stay the same, and moves each kept room's revision forward so open screens take the reset.
 */
async function clearPreviousRun(redis: Redis, eventId: string, roomIds: string[]): Promise<void> {
  const k = eventKeys(eventId);
  const keep = new Set([k.event, k.tokens]);
  const roomKeys = new Set(roomIds.map((r) => k.room(r)));
  const remove: string[] = [];
  const reset: string[] = [];
  let cursor = '0';
  for (let rounds = 0; rounds < 100_000; rounds++) {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${k.prefix}*`, 'COUNT', 1000);
    for (const key of keys) {
      if (keep.has(key)) continue;
      if (roomKeys.has(key)) reset.push(key);
      else remove.push(key);
    }
    cursor = next;
    if (cursor === '0') break;
  }
  const multi = redis.multi();
  for (let i = 0; i < remove.length; i += 500) multi.del(...remove.slice(i, i + 500));
  for (const key of reset) {
    multi.hset(key, { phase: 'idle', team: '', track: '', state: JSON.stringify(emptyRoomState()) });
    multi.hincrby(key, 'rev', 1);
  }
  await multi.exec();
}

// ---------------------------------------------------------------------------------------------------------------
// Simulated judges.

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
  private readonly mirror = new RoomMirror();
  private canScore = false;
  private view: JudgeView | null = null;
  /** Teams this bot has sent a sheet for since it started. */
  private readonly submitted = new Set<string>();
  /** Teams seen closed: scoring that opens again for them is a re-open, which may be scored again. */
  private readonly closed = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private syncing: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly judge: DemoLinks['judges'][number], baseUrl: string, private readonly events: {
    connected(id: string): void; gaveUp(id: string): void;
  }) {
    this.socket = connect(baseUrl, {
      auth: { token: judge.token }, transports: ['websocket'], forceNew: true, timeout: 5000,
      reconnectionAttempts: 30, reconnectionDelay: 500, reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => {
      this.mirror.reset();
      this.canScore = false;
      this.cancel();
      events.connected(judge.judgeId);
    });
    this.socket.on('disconnect', (reason) => {
      if (!this.stopped) this.log(`disconnected (${reason})`);
    });
    this.socket.on('connect_error', (err) => {
      // A refused handshake is final (socket.active is false); a network error is retried by the manager.
      if (!this.socket.active) {
        this.log(`refused by the server: ${err.message}`);
        events.gaveUp(judge.judgeId);
      }
    });
    this.socket.io.on('reconnect_failed', () => {
      this.log('gave up reconnecting');
      events.gaveUp(judge.judgeId);
    });
    this.socket.on('session:revoked', ({ message }) => this.log(`link revoked: ${message}`));
    this.socket.on('room:snapshot', (v) => this.follow(this.mirror.snapshot(v)));
    this.socket.on('room:patch', (p) => this.follow(this.mirror.patch(p)));
    this.socket.on('judge:state', (v) => this.onState(v));
  }

  private log(line: string): void {
    console.log(`${stamp()} ${this.judge.judgeId} ${this.judge.name}: ${line}`);
  }

  private room(): RoomView | undefined {
    return this.mirror.rooms.get(this.judge.roomId);
  }

  private follow(result: 'applied' | 'stale' | 'needs-sync'): void {
    if (result === 'needs-sync') {
      void this.sync();
      return;
    }
    const room = this.room();
    if (room?.phase === 'closed' && room.team) this.closed.add(room.team.id);
  }

  /** Fetches fresh snapshots, once at a time, bounded by the ack timeout. */
  private sync(): Promise<void> {
    this.syncing ??= (async () => {
      try {
        const emit = this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck as unknown as
          (name: 'room:sync', payload: Record<string, never>) => Promise<Ack<RoomView[]>>;
        const ack = await emit.call(this.socket, 'room:sync', {});
        if (ack.ok) for (const v of ack.data) this.follow(this.mirror.snapshot(v));
        else this.log(`room:sync refused: ${ack.error.code} ${ack.error.message}`);
      } catch (err) {
        this.log(`room:sync failed: ${(err as Error).message}`);
      } finally {
        this.syncing = null;
      }
    })();
    return this.syncing;
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
      await this.sync();
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
    const emit = this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck as unknown as
      (name: 'score:submit', p: typeof payload) => Promise<Ack<ScoreReceipt>>;
    for (let attempt = 1; attempt <= SUBMIT_ATTEMPTS && !this.stopped; attempt++) {
      try {
        // The same sid on a second attempt: the server stores a sheet once per sid.
        const ack = await emit.call(this.socket, 'score:submit', payload);
        if (ack.ok) {
          const r = ack.data;
          this.log(`scored ${r.team} ${team.project}: ${formatMilli(r.total)} (version ${r.version}`
            + `${r.duplicate ? ', already stored' : ''}, at ${new Date(Number(r.at)).toTimeString().slice(0, 8)})`);
        } else {
          this.log(`sheet for ${team.id} refused: ${ack.error.code} ${ack.error.message}`);
        }
        return;
      } catch (err) {
        this.log(`no receipt for ${team.id} (${(err as Error).message}), attempt ${attempt} of ${SUBMIT_ATTEMPTS}`);
      }
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

// ---------------------------------------------------------------------------------------------------------------

/** The CLI: parses the flags, sets the rehearsal up, prints and writes the links, then runs the bots if asked. */
export async function main(argv: readonly string[]): Promise<number> {
  let opts: DemoOptions;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`demo: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const dataDir = resolve(process.env.DATA_DIR ?? 'data');
  let links: DemoLinks;
  try {
    const redis = await openRedis(serverRedisUrl(process.env, dataDir));
    try {
      const store = new Store(redis);
      const ev = buildDemoEvent(opts);
      const previous = await store.getEvent(ev.id);
      if (previous && !previous.name.startsWith(DEMO_NAME_PREFIX)) {
        throw new DemoError(`an event "${ev.id}" exists and was not made by the demo ("${previous.name}"); `
          + 'it is left alone: choose another id with --event');
      }
      if (previous) {
        console.log(`Replacing the existing rehearsal event "${ev.id}": its room states, scores and audit are cleared; `
          + 'its links stay the same. Reload screens that are open on it.');
        await clearPreviousRun(redis, ev.id, ev.rooms.map((r) => r.id));
      }
      await store.saveEvent(ev);
      links = await issueLinks(new Tokens(redis), ev, opts.url);
    } finally {
      await redis.quit().catch(() => redis.disconnect());
    }
  } catch (err) {
    if (!(err instanceof DemoError)) throw err;
    process.stderr.write(`demo: ${err.message}\n`);
    return 1;
  }
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'demo.json');
  writeFileSync(file, `${JSON.stringify(links, null, 2)}\n`);
  console.log(formatLinks(links));
  console.log(`\n${links.rooms.length} rooms, ${links.judges.length} judges: every link and token is in ${file}`);
  if (!opts.bots) return 0;
  return runBots(links);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`demo: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
