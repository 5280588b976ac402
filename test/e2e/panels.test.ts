// A judge on the panels of two rooms (issue 17 point 3), in real Chromium: the tablet offers a switch between the two
// rooms, shows the room where scoring opens for the judge, names the room and the team it is scoring, and the judge
// scores in both rooms; each sheet is stored for its own room's team. Screenshot at 1024x768.
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
const ev = makeEvent({ id: 'panels-e2e', rooms: 2, teams: 2, judges: 3 });
ev.rooms[0]!.name = '第一会场（工业制造赛道）';
ev.rooms[1]!.name = '第二会场（现代农业与食品安全赛道）';
ev.rooms[1]!.panel.push('r1j1');
ev.judges[0]!.name = '欧阳明远';
ev.teams[2]!.project = '基于多源遥感数据与物联网感知的智慧农业全产业链质量安全追溯平台';
let links: EventLinks;
let hosts: Client[];

beforeAll(async () => {
  links = await server.setup(ev);
  hosts = await Promise.all(links.rooms.map((r) => server.client({ token: r.host.token })));
});

const ids = ['solution', 'model', 'effect', 'promotion', 'ip', 'defense'];

describe('a judge on two panels', () => {
  it('switches between the rooms, follows scoring as it opens, and scores in both', async () => {
    const page = await (await chrome.browser.newContext({ viewport: SIZES.tabletLandscape, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${links.judges.find((j) => j.judgeId === 'r1j1')!.url}`);
    await page.getByTestId('this-is-me').click();
    const switcher = page.getByTestId('room-switcher');
    await switcher.waitFor();
    expect(await switcher.innerText()).toMatch(/第一会场[\s\S]*第二会场/);

    // Scoring opens in room 1: the tablet shows room 1's team and form.
    await ok(hosts[0]!, 'room:call', { team: 'r1t1' });
    await ok(hosts[0]!, 'room:open-scoring', {});
    await page.getByTestId('score-form').waitFor();
    expect(await page.getByTestId('room-room1').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('team-card').innerText()).toContain('项目1-1');
    for (const [i, id] of ids.entries()) await page.getByTestId(`criterion-${id}`).getByTestId('value').fill(String([20, 15, 20, 10, 4, 8][i]));
    await page.getByTestId('submit').click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('saved').waitFor();

    // Then in room 2: the tablet moves there by itself, and says which room and team it is scoring.
    await ok(hosts[1]!, 'room:call', { team: 'r2t1' });
    await ok(hosts[1]!, 'room:open-scoring', {});
    await eventually(async () => expect(await page.getByTestId('room-room2').getAttribute('aria-pressed')).toBe('true'));
    await page.getByTestId('score-form').waitFor();
    expect(await page.getByTestId('team-card').innerText()).toContain('智慧农业全产业链');
    expect(await page.locator('.bar__where').innerText()).toContain('第二会场');
    for (const [i, id] of ids.entries()) await page.getByTestId(`criterion-${id}`).getByTestId('value').fill(String([25, 18, 22, 12, 5, 9][i]));
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'judge-two-rooms-1024x768');
    await page.getByTestId('submit').click();
    await page.getByTestId('confirm').click();
    await page.getByTestId('saved').waitFor();
    expect(await page.getByTestId('saved').innerText()).toContain('91');

    // Back to room 1 by the switcher: its own saved sheet.
    await page.getByTestId('room-room1').click();
    await eventually(async () => expect(await page.getByTestId('team-card').innerText()).toContain('项目1-1'));
    expect(await page.getByTestId('saved').innerText()).toContain('77');
    expect((await server.store.sheets(ev.id, 'r1t1')).r1j1).toMatchObject({ version: 1, total: 77_000 });
    expect((await server.store.sheets(ev.id, 'r2t1')).r1j1).toMatchObject({ version: 1, total: 91_000 });
    expect((await server.store.sheets(ev.id, 'r2t1')).r2j1).toBeUndefined();
  }, 90_000);
});
