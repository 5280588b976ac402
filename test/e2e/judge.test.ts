// The judge tablet in real Chromium against a real server and Redis: confirm, wait, score with touch controls, keep a
// draft through a reload, stay unsent while offline and be saved exactly once on return, no form before scoring opens
// or after it closes, + and − counted from empty, a confirmation listing every criterion; every sheet signed by its
// tablet's own key (WebCrypto on 127.0.0.1, the @noble/curves fallback on a LAN-style name over plain HTTP) and the
// results file verifying; a tablet put to sleep shown asleep, with a warning, on the host's panel board. Screenshots at tablet (both ways) and phone sizes go to docs/screenshots/.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeCrypto } from '../../server/evidence';
import { verifyResultsEvidence } from '../../shared/evidence';
import type { EventLinks } from '../../shared/protocol';
import { makeEvent } from '../helpers/fixtures';
import { SIZES, screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer, type Client } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
// tablet.venue: a name for this machine as a tablet on the venue's network would reach it (plain HTTP, not localhost:
// not a secure context), resolved to loopback.
const chrome = useBrowser({ args: ['--host-resolver-rules=MAP tablet.venue 127.0.0.1'] });
const ev = makeEvent({ id: 'judge-e2e', teams: 3, judges: 3 });
ev.name = '2026年“数据要素×”大赛广东分赛 · 决赛';
ev.rooms[0]!.name = '第一会场（工业制造赛道）';
ev.judges[0]!.name = '欧阳明远';
ev.judges[0]!.org = '华南理工大学计算机科学与工程学院';
ev.teams[0] = { ...ev.teams[0]!, project: '基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台',
  name: '智造数联团队', leadOrg: '广州市某某工业互联网研究院有限公司（联合体牵头单位）', topic: '推动制造业供应链数据协同共享' };
ev.recusals.push({ team: 'r1t2', judge: 'r1j3', reason: '同单位回避' });
let links: EventLinks;
let host: Client;

beforeAll(async () => {
  links = await server.setup(ev);
  host = await server.client({ token: links.rooms[0]!.host.token });
});

const judgeUrl = (judgeId: string) => `${server.url}${links.judges.find((j) => j.judgeId === judgeId)!.url}`;

/** Opens a judge's link in its own browser context (a tablet of its own) at a size, and confirms the identity. */
async function openJudge(judgeId: string, size: { width: number; height: number }, shot?: string, host?: string): Promise<Page> {
  const context = await chrome.browser.newContext({ viewport: size, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto(host ? judgeUrl(judgeId).replace('127.0.0.1', host) : judgeUrl(judgeId));
  await page.getByTestId('confirm-identity').waitFor();
  if (shot) await screenshot(page, shot);
  await page.getByTestId('this-is-me').click();
  return page;
}

/** Types a value into each criterion of the default template. */
async function fill(page: Page, values: Record<string, string>): Promise<void> {
  for (const [id, v] of Object.entries(values)) await page.getByTestId(`criterion-${id}`).getByTestId('value').fill(v);
}

const A = { solution: '22', model: '16', effect: '20', promotion: '12', ip: '4', defense: '8' }; // 82
const B = { solution: '19', model: '15', effect: '21', promotion: '11', ip: '3', defense: '9' }; // 78

describe('judge tablet', () => {
  it('scores a session end to end, saved only once acknowledged', async () => {
    const a = await openJudge('r1j1', SIZES.tabletLandscape, 'judge-confirm-1024x768');
    const b = await openJudge('r1j2', SIZES.tabletPortrait);
    await a.getByTestId('waiting').waitFor();
    expect(await a.getByTestId('team-card').innerText()).toContain('基于工业互联网标识解析');

    // On stage, presenting: no form before the host opens scoring.
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:start-presentation', {});
    await a.getByTestId('scoring-soon').waitFor();
    expect(await a.getByTestId('countdown').innerText()).toMatch(/[78]:\d\d/);
    expect(await a.getByTestId('score-form').count()).toBe(0);
    await screenshot(a, 'judge-on-stage-1024x768');

    await ok(host, 'room:open-scoring', {});
    await a.getByTestId('score-form').waitFor();

    // A: half the sheet, a reload, the draft is still there; then the rest, with the + button for one point.
    await fill(a, { solution: A.solution, model: A.model, effect: A.effect });
    await a.reload();
    await a.getByTestId('score-form').waitFor();
    expect(await a.getByTestId('criterion-model').getByTestId('value').inputValue()).toBe('16');
    await fill(a, { promotion: A.promotion, ip: A.ip, defense: '7' });
    await a.getByTestId('criterion-defense').getByTestId('plus').click();
    await a.getByTestId('criterion-ip').getByTestId('value').fill('4.5');
    await a.getByText('请输入 0 到 5 之间、步长为 1 的分数').waitFor();
    expect(await a.getByTestId('submit').isDisabled()).toBe(true);
    await a.getByTestId('criterion-ip').getByTestId('value').fill('4');
    expect(await a.getByTestId('running-total').innerText()).toContain('82');
    await screenshot(a, 'judge-scoring-1024x768');
    await a.getByTestId('submit').click();
    expect(await a.getByTestId('confirm-total').innerText()).toBe('82');
    await a.getByTestId('confirm').click();
    await a.getByTestId('saved').waitFor();
    expect(await a.getByTestId('saved').innerText()).toContain('82');
    expect((await server.store.sheets(ev.id, 'r1t1')).r1j1).toMatchObject({ version: 1, total: 82_000 });

    // B goes offline, scores anyway: not sent, not "saved"; back online it is sent exactly once.
    await b.getByTestId('score-form').waitFor();
    await b.context().setOffline(true);
    await eventually(async () => expect(await b.getByTestId('connection').innerText()).toContain('未连接'));
    await fill(b, B);
    await b.getByTestId('submit').click();
    await b.getByTestId('confirm').click();
    await b.getByTestId('pending').waitFor();
    expect(await b.getByTestId('pending').innerText()).toContain('尚未发送');
    expect(await b.getByTestId('saved').count()).toBe(0);
    await screenshot(b, 'judge-offline-768x1024');
    await new Promise((r) => setTimeout(r, 1500));
    expect((await server.store.sheets(ev.id, 'r1t1')).r1j2).toBeUndefined();
    await b.context().setOffline(false);
    await b.getByTestId('saved').waitFor({ timeout: 15_000 });
    expect((await server.store.sheets(ev.id, 'r1t1')).r1j2).toMatchObject({ version: 1, total: 78_000 });
    const submits = (await server.store.audit(ev.id)).filter((e) => e.action === 'score.submit' && e.judge === 'r1j2');
    expect(submits).toHaveLength(1);
    await screenshot(b, 'judge-saved-768x1024');

    // A changes the score before scoring closes: a new version, acknowledged again.
    await a.getByTestId('edit').click();
    await fill(a, { solution: '23' });
    await a.getByTestId('submit').click();
    expect(await a.getByTestId('confirm-total').innerText()).toBe('83');
    await a.getByTestId('confirm').click();
    await eventually(async () => expect(await a.getByTestId('saved').innerText()).toContain('第 2 版'));

    // Scoring closes: no form, the judge's own saved score is shown.
    await ok(host, 'room:close-scoring', { reason: '第三位评委未评分（测试）' });
    await a.getByTestId('closed').waitFor();
    expect(await a.getByTestId('closed').innerText()).toContain('83');
    expect(await a.getByTestId('score-form').count()).toBe(0);
    expect(await a.getByTestId('my-record').innerText()).toContain('83');
  }, 120_000);

  it('shows a recused judge a notice instead of the form, on a phone, in English too', async () => {
    await ok(host, 'room:reveal', {});
    await ok(host, 'room:call', { team: 'r1t2' });
    await ok(host, 'room:open-scoring', {});
    const c = await openJudge('r1j3', SIZES.phone, 'judge-confirm-390x844');
    await c.getByTestId('recused').waitFor();
    expect(await c.getByTestId('score-form').count()).toBe(0);
    await screenshot(c, 'judge-recused-390x844');
    await c.getByTestId('language').click();
    await eventually(async () => expect(await c.getByTestId('recused').innerText()).toContain('recused'));
    const phoneJudge = await openJudge('r1j1', SIZES.phone);
    await phoneJudge.getByTestId('score-form').waitFor();
    await fill(phoneJudge, A);
    await screenshot(phoneJudge, 'judge-scoring-390x844');
    const portrait = await openJudge('r1j2', SIZES.tabletPortrait);
    await portrait.getByTestId('score-form').waitFor();
    await screenshot(portrait, 'judge-scoring-768x1024');
  }, 60_000);

  it('counts + and − from an empty criterion as a person does, and confirms the team and every criterion', async () => {
    const p = await openJudge('r1j2', SIZES.tabletLandscape);
    await p.getByTestId('score-form').waitFor();
    const defense = p.getByTestId('criterion-defense');
    // − on an empty criterion leaves it empty (it used to jump to the maximum, 10).
    await defense.getByTestId('minus').click();
    expect(await defense.getByTestId('value').inputValue()).toBe('');
    // Four presses of + from empty are four points (they used to give 3: the first press gave 0).
    for (let i = 0; i < 4; i += 1) await defense.getByTestId('plus').click();
    expect(await defense.getByTestId('value').inputValue()).toBe('4');
    await defense.getByTestId('minus').click();
    expect(await defense.getByTestId('value').inputValue()).toBe('3');
    // Off the step (3.5 with step 1): + goes to the next step up, − to the next step down.
    await defense.getByTestId('value').fill('3.5');
    await defense.getByTestId('plus').click();
    expect(await defense.getByTestId('value').inputValue()).toBe('4');
    await defense.getByTestId('value').fill('3.5');
    await defense.getByTestId('minus').click();
    expect(await defense.getByTestId('value').inputValue()).toBe('3');
    // The top stays the maximum.
    await p.getByTestId('criterion-ip').getByTestId('value').fill('5');
    await p.getByTestId('criterion-ip').getByTestId('plus').click();
    expect(await p.getByTestId('criterion-ip').getByTestId('value').inputValue()).toBe('5');
    await fill(p, { solution: '20', model: '15', effect: '20', promotion: '12', ip: '4' }); // + defense 3 = 74
    await p.getByTestId('submit').click();
    const dialog = p.getByTestId('confirm-dialog');
    await dialog.waitFor();
    // The confirmation names the team on stage and lists every criterion with its value, then the total.
    expect(await p.getByTestId('confirm-team').innerText()).toBe(ev.teams[1]!.project);
    expect(await p.getByTestId('confirm-solution').innerText()).toMatch(/解决方案[\s\S]*20\s*\/\s*25/);
    expect(await p.getByTestId('confirm-defense').innerText()).toMatch(/3\s*\/\s*10/);
    expect(await p.getByTestId('confirm-sheet').locator('tr').count()).toBe(6);
    expect(await p.getByTestId('confirm-total').innerText()).toBe('74');
    await screenshot(p, 'judge-confirm-sheet-1024x768');
    const box = await dialog.locator('.dialog__box').boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    await p.getByTestId('confirm').click();
    await p.getByTestId('saved').waitFor();
    expect((await server.store.sheets(ev.id, 'r1t2')).r1j2).toMatchObject({ total: 74_000, criteria: { defense: 3_000 } });
  }, 60_000);

  it('signs every sheet with its tablet\'s key: one key per tablet, kept through a reload; the fallback over plain HTTP', async () => {
    const audit = async () => server.store.audit(ev.id);
    const keysOf = async (judge: string) => (await audit()).filter((e) => e.action === 'judge.register-key' && e.judge === judge)
      .map((e) => JSON.parse(e.after) as { key: string; extractable: boolean });
    // Each browser context is a tablet of its own: r1j1 used two (A, reloaded once, and the phone), r1j2 three, r1j3 one;
    // all on 127.0.0.1, a secure context: non-extractable WebCrypto keys.
    expect((await keysOf('r1j1')).map((k) => k.extractable)).toEqual([false, false]);
    expect(await keysOf('r1j2')).toHaveLength(3);
    expect(await keysOf('r1j3')).toHaveLength(1);
    const submits = (await audit()).filter((e) => e.action === 'score.submit');
    expect(submits.length).toBeGreaterThanOrEqual(4);
    for (const e of submits) {
      const sheet = JSON.parse(e.after) as { key?: string; sig?: string };
      expect((await keysOf(e.judge)).map((k) => k.key), e.id).toContain(sheet.key);
      expect(sheet.sig, e.id).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    }
    // A's two versions were signed with one key: the reload kept it.
    const a = submits.filter((e) => e.judge === 'r1j1' && e.team === 'r1t1').map((e) => (JSON.parse(e.after) as { key: string }).key);
    expect(a).toHaveLength(2);
    expect(a[1]).toBe(a[0]);

    // Over plain HTTP on a venue address there is no WebCrypto: the tablet makes a @noble/curves key, logged extractable.
    await ok(host, 'room:close-scoring', { reason: '测试' });
    await ok(host, 'room:reveal', {});
    await ok(host, 'room:call', { team: 'r1t3' });
    await ok(host, 'room:open-scoring', {});
    const lan = await openJudge('r1j1', SIZES.tabletLandscape, undefined, 'tablet.venue');
    expect(await lan.evaluate(() => window.isSecureContext)).toBe(false);
    await lan.getByTestId('score-form').waitFor();
    await fill(lan, A);
    await lan.getByTestId('submit').click();
    await lan.getByTestId('confirm').click();
    await lan.getByTestId('saved').waitFor();
    const fallback = (await keysOf('r1j1')).at(-1)!;
    expect(fallback.extractable).toBe(true);
    expect((await server.store.sheets(ev.id, 'r1t3')).r1j1).toMatchObject({ total: 82_000, key: fallback.key });

    // The track's results file verifies, signatures included.
    const file = await (await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.json?token=${links.supervisor.token}`)).json();
    expect(verifyResultsEvidence(file, nodeCrypto)).toEqual([]);
  }, 90_000);

  it('shows a tablet put to sleep as asleep on the host’s panel board, with a warning while scoring is open', async () => {
    // An event of its own, so that the room's phase is this test's alone.
    const hev = makeEvent({ id: 'health-e2e', teams: 2, judges: 4 });
    hev.rooms[0]!.name = '第二会场（医疗健康赛道）';
    hev.teams[0]!.project = '基于多模态医疗数据融合的基层慢病智能管理平台';
    hev.teams[1]!.project = '医保基金智能监管与异常诊疗行为识别系统';
    hev.judges.forEach((j, i) => { j.name = ['陈立新', '黄慧敏', '周建国', '林晓峰'][i]!; });
    const hlinks = await server.setup(hev);
    const url = (judge: string) => `${server.url}${hlinks.judges.find((j) => j.judgeId === judge)!.url}`;
    const hostSocket = await server.client({ token: hlinks.rooms[0]!.host.token });
    await ok(hostSocket, 'room:call', { team: 'r1t1' });

    const console_ = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await console_.goto(`${server.url}${hlinks.rooms[0]!.host.url}`);
    const row = (judge: string) => console_.getByTestId('panel').getByTestId(`judge-${judge}`);
    // Two tablets in Chromium, one reporting a battery at 15 % (navigator.getBattery, where the browser has it).
    const tablet = async (judge: string, battery?: number) => {
      const context = await chrome.browser.newContext({ viewport: SIZES.tabletLandscape, locale: 'zh-CN' });
      if (battery !== undefined) {
        await context.addInitScript((level) => {
          Object.defineProperty(navigator, 'getBattery', { value: () => Promise.resolve(Object.assign(new EventTarget(), { level })) });
        }, battery);
      }
      const page = await context.newPage();
      await page.goto(url(judge));
      await page.getByTestId('confirm-identity').waitFor();
      return page;
    };
    const sleepy = await tablet('r1j1');
    await tablet('r1j2', 0.15);
    // A third tablet that could not send two sheets and shows another team (as a socket), a fourth connected and silent.
    const third = await server.client({ token: hlinks.judges[2]!.token });
    await ok(third, 'judge:status', { visible: true, team: 'r1t2', outbox: 2, battery: 0.6 });
    await server.client({ token: hlinks.judges[3]!.token });

    // The first report may go before the tablet has the room's view (no team on its form yet); the next one has it.
    await eventually(async () => expect(await row('r1j1').getByTestId('tablet-form').innerText()).toBe(`表单：${hev.teams[0]!.project}`));
    expect(await row('r1j1').getByTestId('tablet-screen').innerText()).toBe('亮屏');
    await eventually(async () => expect(await row('r1j2').getByTestId('tablet-battery').innerText()).toBe('电量 15%'));
    await row('r1j2').getByTestId('tablet-warn-battery').waitFor();
    await row('r1j3').getByTestId('tablet-warn-outbox').waitFor();
    await row('r1j4').getByTestId('tablet-warn-silent').waitFor();

    // The page hidden (the tablet's screen off, another app in front): its visibilityState is "hidden".
    const setVisibility = (state: 'hidden' | 'visible') => sleepy.evaluate((s) => {
      Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    }, state);
    await setVisibility('hidden');
    await eventually(async () => expect(await row('r1j1').getByTestId('tablet-screen').innerText()).toBe('休眠'));
    // Not scoring yet: asleep is shown, not warned of.
    expect(await row('r1j1').getByTestId('tablet-warn-asleep').count()).toBe(0);
    expect(await row('r1j3').getByTestId('tablet-warn-other-team').count()).toBe(0);

    await ok(hostSocket, 'room:open-scoring', {});
    await row('r1j1').getByTestId('tablet-warn-asleep').waitFor();
    await row('r1j3').getByTestId('tablet-warn-other-team').waitFor();
    expect(await row('r1j1').getByTestId('tablet-warn-asleep').innerText()).toBe('⚠ 平板休眠');
    expect(await row('r1j2').getByTestId('tablet-warn-battery').innerText()).toBe('⚠ 电量低于 20%');
    expect(await console_.getByTestId('tablet-attention').innerText()).toBe('⚠ 4 台评委平板需要注意');
    expect(Number((await row('r1j1').getByTestId('tablet-heard').innerText()).match(/^(\d+) 秒前$/)?.[1])).toBeLessThan(15);
    await console_.getByTestId('panel').scrollIntoViewIfNeeded();
    await screenshot(console_, 'host-panel-tablets-1440x900');

    // Woken up: the warning goes.
    await setVisibility('visible');
    await eventually(async () => expect(await row('r1j1').getByTestId('tablet-screen').innerText()).toBe('亮屏'));
    expect(await row('r1j1').getByTestId('tablet-warn-asleep').count()).toBe(0);
    expect(await console_.getByTestId('tablet-attention').innerText()).toBe('⚠ 3 台评委平板需要注意');
  }, 60_000);
});
