// The screens while the server's Redis is away, in real Chromium: the judge tablet says "not saved, will resend" (never
// 已保存) and then "saved" once Redis is back, stored exactly once; the host console and the projector say the server
// is reconnecting to its storage, and stop saying it when it is back. Screenshots go to docs/screenshots/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../server/redis/embedded';
import { eventKeys } from '../../server/store/keys';
import type { EventLinks } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { SIZES, screenshot, useBrowser } from '../helpers/browser';
import { ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
const ev = makeEvent({ id: 'outage-e2e', teams: 2, judges: 3 });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.rooms[0]!.name = '第一会场（工业制造赛道）';
ev.teams[0] = { ...ev.teams[0]!, project: '基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台', name: '智造数联团队' };
let links: EventLinks;
let host: Client;
let restarted: EmbeddedRedis | null = null;

beforeAll(async () => {
  for (const r of [server.redis.redis, server.store.redis]) r.on('error', () => undefined); // down on purpose below
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  await ok(host, 'room:call', { team: 'r1t1' });
  await ok(host, 'room:open-scoring', {});
});
afterAll(async () => {
  await restarted?.stop();
});

async function open(path: string, size: { width: number; height: number }): Promise<Page> {
  const context = await chrome.browser.newContext({ viewport: size, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}${path}`);
  return page;
}

const A = { solution: '22', model: '16', effect: '20', promotion: '12', ip: '4', defense: '8' }; // 82

describe('a storage outage on the screens', () => {
  it('the judge is told "not saved, will resend", then "saved" once Redis is back; host and projector say so', async () => {
    const judge = await open(links.judges.find((j) => j.judgeId === 'r1j1')!.url, SIZES.tabletLandscape);
    await judge.getByTestId('this-is-me').click();
    await judge.getByTestId('score-form').waitFor();
    const console_ = await open(links.rooms[0]!.host.url, { width: 1440, height: 900 });
    await console_.getByTestId('connection').getByText('已连接').waitFor();
    const projector = await open(links.rooms[0]!.display.url, SIZES.projector);
    await projector.getByTestId('projector').waitFor();
    for (const [id, v] of Object.entries(A)) await judge.getByTestId(`criterion-${id}`).getByTestId('value').fill(v);

    // Redis dies (kill -9) and stays down until this test starts it again.
    const { dir, server: first } = server.redis;
    process.kill(first.pid, 'SIGKILL');
    await judge.getByTestId('connection').getByText('正在重新连接存储…').waitFor();
    await judge.getByTestId('submit').click();
    await judge.getByTestId('confirm').click();
    await judge.getByTestId('not-saved').waitFor();
    expect(await judge.getByTestId('not-saved').innerText()).toBe('未保存：服务器正在重新连接存储，恢复后将自动重发');
    // the record below the form says the same, not 尚未发送，联网后将自动发送 (the tablet is online)
    expect((await judge.getByTestId('record-pending').innerText()).trim()).toBe('未保存：服务器正在重新连接存储，恢复后将自动重发');
    expect(await judge.getByTestId('saved').count()).toBe(0);
    await screenshot(judge, 'judge-not-saved-1024x768');
    await console_.getByTestId('connection').getByText('正在重新连接存储…').waitFor();
    await screenshot(console_, 'host-storage-1440x900');
    await projector.getByTestId('storage').waitFor();
    expect(await projector.getByTestId('storage').innerText()).toBe('正在重新连接存储…');
    await screenshot(projector, 'projector-storage');

    // Back: the outbox resends by itself; "saved" only now, and the sheet is stored once.
    restarted = await startEmbeddedRedis({ dataDir: dir, port: first.port, log: () => undefined });
    await judge.getByTestId('saved').waitFor({ timeout: 15_000 });
    expect(await judge.getByTestId('saved').innerText()).toContain('82');
    expect((await server.store.sheets(ev.id, 'r1t1')).r1j1).toMatchObject({ version: 1, total: 82_000 });
    expect(await server.store.redis.hlen(eventKeys(ev.id).sids)).toBe(1);
    expect((await server.store.audit(ev.id)).filter((e) => e.action === 'score.submit')).toHaveLength(1);
    await screenshot(judge, 'judge-saved-after-outage-1024x768');
    await projector.getByTestId('storage').waitFor({ state: 'detached' });
    expect(await console_.getByTestId('connection').getByText('正在重新连接存储…').count()).toBe(0);
  }, 90_000);
});
