// A spare tablet takes over (issue 17 point 3), in real Chromium with two browser contexts (two devices) for one judge:
// the spare shows the judge's saved sheet from the server; the first is told, full screen, that it was replaced, and a
// sheet it still had queued is neither sent nor lost: it says so, and goes out once when the judge takes it back (with
// a confirmation), which replaces the spare in turn. Screenshot of the replaced notice at 1024x768.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EventLinks } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { SIZES, screenshot, useBrowser, scoreDefaultSheet } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
const ev = makeEvent({ id: 'takeover-e2e', teams: 2, judges: 3 });
ev.judges[0]!.name = '欧阳明远';
ev.teams[0]!.project = '基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台';
let links: EventLinks;
let host: Client;

beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
  await ok(host, 'room:call', { team: 'r1t1' });
  await ok(host, 'room:open-scoring', {});
});

/** Opens a judge's link on a device of its own (a browser context) and confirms the identity. */
async function openTablet(judgeId: string): Promise<Page> {
  const context = await chrome.browser.newContext({ viewport: SIZES.tabletLandscape, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(`${server.url}${links.judges.find((j) => j.judgeId === judgeId)!.url}`);
  await page.getByTestId('this-is-me').click();
  return page;
}

const sheet = async (judge: string) => (await server.store.sheets(ev.id, 'r1t1'))[judge];

describe('a spare tablet takes over', () => {
  it('tells the first tablet at once, full screen, and the spare shows the saved sheet from the server', async () => {
    const first = await openTablet('r1j2');
    await scoreDefaultSheet(first, [20, 15, 20, 10, 4, 8]);
    await first.getByTestId('saved').waitFor();
    const spare = await openTablet('r1j2');
    await spare.getByTestId('saved').waitFor();
    expect(await spare.getByTestId('saved').innerText()).toContain('77');
    await first.getByTestId('replaced').waitFor();
    expect(await first.getByTestId('replaced').innerText()).toContain('此平板已被替换');
    expect(await spare.getByTestId('replaced').count()).toBe(0);
    // A reload of the replaced tablet does not take over unasked.
    await first.reload();
    await first.getByTestId('replaced').waitFor();
    expect(await spare.getByTestId('replaced').count()).toBe(0);
  }, 60_000);

  it('keeps a sheet queued on the replaced tablet unsent and says so; taking back (confirmed) sends it once', async () => {
    const first = await openTablet('r1j1');
    await scoreDefaultSheet(first, [22, 16, 20, 12, 4, 8]);
    await first.getByTestId('saved').waitFor();
    expect(await sheet('r1j1')).toMatchObject({ version: 1, total: 82_000 });

    // The first tablet loses the Wi-Fi and the judge changes the score: queued, not sent.
    await first.context().setOffline(true);
    await eventually(async () => expect(await first.getByTestId('connection').innerText()).toContain('未连接'));
    await first.getByTestId('edit').click();
    await first.getByTestId('criterion-solution').getByTestId('value').fill('25');
    await first.getByTestId('submit').click();
    await first.getByTestId('confirm').click();
    await first.getByTestId('pending').waitFor();

    // The judge moves to a spare: it shows the saved sheet (version 1, 82) from the server, not the first's draft.
    const spare = await openTablet('r1j1');
    await spare.getByTestId('saved').waitFor();
    expect(await spare.getByTestId('saved').innerText()).toMatch(/82[\s\S]*第 1 版/);
    expect(await spare.getByTestId('my-record').innerText()).toContain('82');

    // The first comes back online: it is told it was replaced, sends nothing, and names the sheet it holds unsent.
    await first.context().setOffline(false);
    await first.getByTestId('replaced').waitFor({ timeout: 15_000 });
    expect(await first.getByTestId('replaced-unsent').innerText()).toContain('1 份评分表未发送');
    await screenshot(first, 'judge-replaced-1024x768');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sheet('r1j1')).toMatchObject({ version: 1, total: 82_000 });

    // The judge scores on the spare: version 2.
    await spare.getByTestId('edit').click();
    await spare.getByTestId('criterion-ip').getByTestId('value').fill('5');
    await spare.getByTestId('submit').click();
    await spare.getByTestId('confirm').click();
    await eventually(async () => expect(await spare.getByTestId('saved').innerText()).toContain('第 2 版'));
    expect(await sheet('r1j1')).toMatchObject({ version: 2, total: 83_000 });

    // Back at the first tablet, the judge takes back (a confirmation first): its queued sheet is sent, once.
    await first.getByTestId('take-back').click();
    await first.getByTestId('take-back-confirm').waitFor();
    expect(await sheet('r1j1')).toMatchObject({ version: 2 });
    await first.getByTestId('take-back-yes').click();
    await first.getByTestId('replaced').waitFor({ state: 'detached' });
    await eventually(async () => expect(await first.getByTestId('saved').innerText()).toContain('第 3 版'), 15_000);
    expect(await sheet('r1j1')).toMatchObject({ version: 3, total: 85_000 });
    await spare.getByTestId('replaced').waitFor();
    const submits = (await server.store.audit(ev.id)).filter((e) => e.action === 'score.submit' && e.judge === 'r1j1');
    expect(submits).toHaveLength(3);
  }, 90_000);
});
