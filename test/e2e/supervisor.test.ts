// The supervisor's page in real Chromium: every room at a glance, each sheet as it arrives, the audit log verified.
import { describe, expect, it } from 'vitest';
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
});
