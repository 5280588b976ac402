// The supervisor's page in real Chromium: every room at a glance, each sheet as it arrives, the audit log verified;
// the live evidence check raising an alarm that names a sheet edited straight in Redis.
import { describe, expect, it } from 'vitest';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();

describe('supervisor page', () => {
  it('shows every room, every score and the verified audit, live', async () => {
    const ev = makeEvent({ id: 'sup-e2e', rooms: 2, teams: 2, judges: 3 });
    ev.judges[0]!.name = '陈立新';
    const links = await server.setup(ev);
    const page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${links.supervisor.url}`);
    await page.getByTestId('room-room2').waitFor();
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judge = await server.client({ token: links.judges[0]!.token });
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    await ok(judge, 'score:submit', { sid: 'sup-e2e-2', team: 'r1t1', values: { criteria: { solution: 21000, model: 16000, effect: 20000, promotion: 12000, ip: 4000, defense: 8000 } } });
    await eventually(async () => expect(await page.getByTestId('sheets').innerText()).toContain('陈立新：81'));
    await eventually(async () => expect(await page.getByTestId('room-room1').innerText()).toContain('1 / 3'));
    await eventually(async () => expect(await page.getByTestId('audit').innerText()).toContain('score.submit'));
    expect(await page.getByTestId('chain').innerText()).toBe('哈希链校验通过');
    await screenshot(page, 'supervisor-1440x900');
  }, 60_000);

  it('raises an alarm naming the sheet within seconds of a quiet edit in Redis after the reveal', async () => {
    const ev = makeEvent({ id: 'sup-evidence', rooms: 1, teams: 2, judges: 3 });
    ev.judges[1]!.name = '黄慧敏';
    ev.teams[0]!.project = '基于多源数据融合的城市交通智能调度与应急决策支持平台';
    const links = await server.setup(ev);
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const tablets = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    for (const [i, tablet] of tablets.entries()) {
      await ok(tablet, 'score:submit', { sid: `sup-evidence-${i}`, team: 'r1t1', values: { criteria: { solution: 20000, model: 15000, effect: 20000 + i * 1000, promotion: 10000, ip: 4000, defense: 8000 } } });
    }
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});
    const page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${links.supervisor.url}`);
    await eventually(async () => expect(await page.getByTestId('evidence-verdict').innerText()).toBe('一致'), 10_000);
    expect(await page.getByTestId('evidence-head').innerText()).toBe(await server.redis.redis.get(eventKeys(ev.id).auditHead));

    // Someone with access to the machine raises 黄慧敏's sheet by 1 point, straight in Redis: no command, no entry.
    const key = eventKeys(ev.id).sheets('r1t1');
    const sheet = JSON.parse((await server.redis.redis.hget(key, 'r1j2'))!) as { total: number; criteria: Record<string, number> };
    sheet.total += 1000;
    sheet.criteria.defense! += 1000;
    await server.redis.redis.hset(key, 'r1j2', JSON.stringify(sheet));
    await eventually(async () => expect(await page.getByTestId('evidence-verdict').innerText()).toBe('告警'), 10_000);
    const problems = await page.getByTestId('evidence-problems').innerText();
    expect(problems).toContain('「基于多源数据融合的城市交通智能调度与应急决策支持平台」· 黄慧敏');
    expect(problems).toContain('存储的评分表与审计日志的最后记录不一致');
    expect(await page.getByTestId('evidence-chain').innerText()).toContain('审计哈希链完整');
    await screenshot(page, 'supervisor-evidence-alarm-1440x900');
  }, 60_000);
});
