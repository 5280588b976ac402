// The supervisor's page in real Chromium: every room at a glance, each sheet as it arrives in panel order, the audit
// log verified and in words (Chinese first, English via the switch), times on a 24-hour clock in the event's zone;
// the live evidence check raising an alarm that names a sheet edited straight in Redis, and one whose judge's signature
// no longer verifies after the whole log was rewritten; the judges' record of a track, live over its revealed teams and
// equal to the workbook's 评委画像; the judges' tablets' health with the host's warnings (shared/health.ts): asleep, unsent
// sheets and a low battery while scoring is open, a stale tablet, one that never reported; a revoked or bad link said so.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { makeKey, signerOf } from '../../client/judge/signing';
import { hashedText, signedSheetText, type ChainedEntry } from '../../shared/evidence';
import { nodeHasher } from '../../server/evidence';
import { eventKeys } from '../../server/store/keys';
import { makeEvent } from '../helpers/fixtures';
import { screenshot, useBrowser } from '../helpers/browser';
import { eventually, ok, useServer } from '../helpers/server';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();

const values = (solution: number) => ({ criteria: { solution: solution * 1000, model: 16000, effect: 20000, promotion: 12000, ip: 4000, defense: 8000 } });

describe('supervisor page', () => {
  it('shows every room, every score in panel order and the verified audit in words, live', async () => {
    const ev = makeEvent({ id: 'sup-e2e', rooms: 2, teams: 2, judges: 3 });
    ev.judges[0]!.name = '陈立新';
    ev.judges[1]!.name = '欧阳慧敏';
    ev.judges[2]!.name = '周建国';
    ev.rooms[0]!.name = '第一评审组（工业制造）';
    const links = await server.setup(ev);
    // the machine's locale and zone are not the event's: the page still writes Shanghai time on a 24-hour clock
    const page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US', timezoneId: 'America/New_York' })).newPage();
    await page.goto(`${server.url}${links.supervisor.url}`);
    await page.getByTestId('room-room2').waitFor();
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judges = await Promise.all(links.judges.slice(0, 3).map((j) => server.client({ token: j.token })));
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    // the judges submit in reverse panel order
    for (const [i, j] of [...judges.entries()].reverse()) await ok(j, 'score:submit', { sid: `sup-e2e-${i}-0001`, team: 'r1t1', values: values(21 - i) });
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'score:correct', { team: 'r1t1', judge: 'r1j2', values: values(25), reason: '评委书面申请更正录入错误' });
    await ok(host, 'room:mark-absent', { team: 'r1t2', reason: '团队未到场' });
    await eventually(async () => expect(await page.getByTestId('sheets-r1t1').innerText()).toContain('欧阳慧敏：85'));
    const sheets = (await page.getByTestId('sheets-r1t1').locator('li').allInnerTexts()).map((t) => t.split('：')[0]);
    expect(sheets).toEqual(['陈立新', '欧阳慧敏', '周建国']);
    await eventually(async () => expect(await page.getByTestId('room-room1').innerText()).toContain('3 / 3'));

    const audit = page.getByTestId('audit');
    await eventually(async () => expect(await audit.innerText()).toContain('标记缺席'));
    const text = await audit.innerText();
    expect(text).toContain('提交评分');
    expect(text).toContain('评委 陈立新');
    expect(text).toMatch(/主持人\t标记缺席\t第一评审组（工业制造）\t项目1-2\t\t团队未到场/);
    expect(text).toContain('更正评分');
    expect(text).toContain('总分 80 → 85；解决方案与技术先进性 20 → 25（第 2 版）');
    expect(text).toContain('总分 81（第 1 版）');
    expect(text).not.toMatch(/\b(AM|PM)\b/);
    const entries = await server.store.audit(ev.id);
    const shanghai = (at: string) => new Date(Number(at) + 8 * 3_600_000).toISOString().slice(11, 19);
    const last = entries.at(-1)!;
    expect(await page.getByTestId(`audit-${last.id}`).locator('td').first().innerText()).toBe(shanghai(last.at));
    expect(await page.getByTestId('chain').innerText()).toBe('哈希链校验通过');
    await eventually(async () => expect(await page.getByTestId('evidence-chain').innerText()).toBe(`审计哈希链完整 · 共 ${entries.length} 条`));
    // the raw record stays one click away
    await page.getByTestId(`audit-${last.id}`).locator('summary').click();
    expect(await page.getByTestId(`audit-${last.id}`).locator('pre').innerText()).toContain(last.hash);
    await page.getByTestId(`audit-${last.id}`).locator('summary').click();
    await screenshot(page, 'supervisor-1440x900');

    await page.getByTestId('language').click();
    await eventually(async () => expect(await audit.innerText()).toContain('Score submitted'));
    expect(await audit.innerText()).toContain('Judge 陈立新');
    expect(await audit.innerText()).toContain('Marked absent');
    await page.getByTestId('language').click();
  }, 90_000);

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
    expect((await page.getByTestId('evidence-head').innerText()).replace(/ /g, '')).toBe(await server.redis.redis.get(eventKeys(ev.id).auditHead));

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

  it('raises an alarm naming team and judge when a signature no longer verifies: the whole log rewritten behind the system', async () => {
    const ev = makeEvent({ id: 'sup-signed', rooms: 1, teams: 2, judges: 3 });
    ev.judges[2]!.name = '周建国';
    ev.teams[0]!.project = '面向县域医共体的远程影像诊断协同平台';
    const links = await server.setup(ev);
    const host = await server.client({ token: links.rooms[0]!.host.token });
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    // Each tablet registers its key and signs its sheet, as the judge page does.
    for (const [i, j] of links.judges.entries()) {
      const tablet = await server.client({ token: j.token });
      const signer = signerOf(await makeKey(true));
      await ok(tablet, 'judge:register-key', { spki: signer.spki, extractable: false });
      const sheet = { sid: `sup-signed-${i}`, team: 'r1t1', values: { criteria: { solution: 20000, model: 15000, effect: 20000 + i * 1000, promotion: 10000, ip: 4000, defense: 8000 } } };
      await ok(tablet, 'score:submit', { ...sheet, signature: { key: signer.key, sig: await signer.sign(signedSheetText({ ...sheet, judge: j.judgeId })) } });
    }
    await ok(host, 'room:close-scoring', {});
    await ok(host, 'room:reveal', {});
    const page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${links.supervisor.url}`);
    await eventually(async () => expect(await page.getByTestId('evidence-verdict').innerText()).toBe('一致'), 10_000);
    expect(await page.getByTestId('evidence').innerText()).toContain('评委平板的签名全部验证通过');

    // Someone with the machine raises 周建国's sheet by 1 point in the log and re-hashes every entry from there on, moves
    // the head, and rebinds the stored sheets to the new hashes: the chain and the sheets agree, only the signature can tell.
    const k = eventKeys(ev.id);
    const entries = (await server.store.audit(ev.id)) as ChainedEntry[];
    const at = entries.findIndex((e) => e.action === 'score.submit' && e.judge === 'r1j3');
    const forged = JSON.parse(entries[at]!.after) as { total: number; criteria: Record<string, number> };
    forged.total += 1000;
    forged.criteria.defense! += 1000;
    const rewritten = entries.map((e, i) => (i === at ? { ...e, after: JSON.stringify(forged) } : { ...e }));
    for (let i = at; i < rewritten.length; i++) {
      rewritten[i]!.prev = rewritten[i - 1]!.hash;
      rewritten[i]!.hash = nodeHasher(rewritten[i]!.alg ?? 'sha1', hashedText(rewritten[i]!));
    }
    const rehashed = new Map(entries.map((e, i) => [e.hash, rewritten[i]!.hash]));
    const multi = server.redis.redis.multi().del(k.audit);
    for (const { id, ...fields } of rewritten) multi.xadd(k.audit, id, ...Object.entries(fields).flat());
    multi.set(k.auditHead, rewritten.at(-1)!.hash);
    for (const [judge, raw] of Object.entries(await server.redis.redis.hgetall(k.sheets('r1t1')))) {
      const sheet = { ...(JSON.parse(raw) as { entry: string }), ...(judge === 'r1j3' ? forged : {}) };
      multi.hset(k.sheets('r1t1'), judge, JSON.stringify({ ...sheet, entry: rehashed.get(sheet.entry) }));
    }
    await multi.exec();

    await eventually(async () => expect(await page.getByTestId('evidence-verdict').innerText()).toBe('告警'), 10_000);
    const problems = await page.getByTestId('evidence-signatures').innerText();
    expect(problems).toContain('「面向县域医共体的远程影像诊断协同平台」· 周建国');
    expect(problems).toContain('评分表的签名与其内容不符');
    expect(await page.getByTestId('evidence-chain').innerText()).toContain('审计哈希链完整');
    expect(await page.getByTestId('evidence').innerText()).toContain('全部评分表与审计日志一致');
    expect((await page.getByTestId('evidence-head').innerText()).replace(/ /g, '')).toBe(rewritten.at(-1)!.hash);
    await screenshot(page, 'supervisor-signature-alarm-1440x900');
  }, 60_000);

  it("shows the judges' record over the revealed teams, live, with the workbook's figures", async () => {
    const ev = makeEvent({ id: 'sup-record', rooms: 1, teams: 4, judges: 5 });
    ev.judges[3]!.name = '严格的评委';
    const links = await server.setup(ev);
    const page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${links.supervisor.url}`);
    await page.getByTestId('room-room1').waitFor();
    const host = await server.client({ token: links.rooms[0]!.host.token });
    const judges = await Promise.all(links.judges.map((j) => server.client({ token: j.token })));
    // solution (out of 25) and defense (out of 10) per judge; the other criteria as values() sets them.
    const panel: Array<Array<[number, number]>> = [
      [[20, 8], [22, 7], [18, 8], [25, 10], [15, 3]],
      [[18, 8], [19, 8], [21, 9], [24, 10], [10, 2]],
      [[23, 9], [20, 8], [19, 6], [25, 10], [12, 4]],
    ];
    const rows = () => page.getByTestId('record-T01').locator('tbody tr');
    for (const [t, sheets] of panel.entries()) {
      const team = `r1t${t + 1}`;
      await ok(host, 'room:call', { team });
      await ok(host, 'room:open-scoring', {});
      for (const [i, j] of judges.entries()) {
        await ok(j, 'score:submit', { sid: `sup-record-${t}-${i}`, team, values: { criteria: { ...values(sheets[i]![0]).criteria, defense: sheets[i]![1] * 1000 } } });
      }
      await ok(host, 'room:close-scoring', {});
      // scored and closed, not revealed: not in the record yet
      if (t === 2) expect(await page.getByTestId('record-T01').innerText()).toContain('已亮分 2 个团队');
      await ok(host, 'room:reveal', {});
      await eventually(async () => expect(await page.getByTestId('record-T01').innerText()).toContain(`已亮分 ${t + 1} 个团队`));
    }
    await eventually(async () => expect(await rows().count()).toBe(5));
    // 严格的评委 (judge 4) gives the highest total each time (87, 86, 87): dropped as highest thrice. The panel's kept
    // sums are 83, 83, 85 (plus 3 × 52): of three pairs one is concordant and each side ties once, τb = 1 / sqrt(2 × 2).
    const strict = page.getByTestId('record-T01-r1j4');
    expect(await strict.getByTestId('high').innerText()).toBe('3');
    expect(await strict.getByTestId('tau').innerText()).toBe('0.50');
    expect(await page.getByTestId('record-T01-r1j5').getByTestId('low').innerText()).toBe('3');

    const res = await fetch(`${server.url}/api/events/${ev.id}/tracks/T01/results.xlsx?token=${links.supervisor.token}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const sheetRows: unknown[][] = [];
    wb.getWorksheet('评委画像')!.eachRow((row, i) => { if (i > 2) sheetRows.push((row.values as unknown[]).slice(1)); });
    const shown = await rows().evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(shown.map((r) => [r[0], Number(r[1]), Number(r[2]), Number(r[3]), Number(r[4]), r[5] === '—' ? '—' : Number(r[5])]))
      .toEqual(sheetRows.map((r) => r.slice(0, 6)));
    // the criteria that differ most: the page shows the first two of the workbook's list (those above zero)
    for (const [k, r] of shown.entries()) {
      const listed = String(sheetRows[k]![6]).split('；').filter((c) => !/ 0\.00$/.test(c)).slice(0, 2).join('、');
      expect(r[6]).toBe(listed || '—');
    }
    await page.getByTestId('judges-record').scrollIntoViewIfNeeded();
    await page.getByTestId('judges-record').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'supervisor-judges-record-1440x900');
  }, 90_000);

  it("shows every room's judges' tablets with the host's warnings, live", async () => {
    const ev = makeEvent({ id: 'sup-tablets', rooms: 2, teams: 2, judges: 3 });
    ev.judges[0]!.name = '欧阳慧敏';
    ev.teams[0]!.project = '基于工业互联网标识解析与多源数据融合的高端装备制造供应链协同平台';
    const links = await server.setup(ev);
    const token = (judge: string) => links.judges.find((j) => j.judgeId === judge)!.token;
    const host = await server.client({ token: links.rooms[0]!.host.token });
    await ok(host, 'room:call', { team: 'r1t1' });
    await ok(host, 'room:open-scoring', {});
    // r1j3's tablet last reported over two minutes ago and still holds its connection: stale.
    const heardAt = Date.now() - 150_000;
    await server.store.redis.set(eventKeys(ev.id).tablet('r1j3'), JSON.stringify({ roomId: 'room1', visible: true, team: 'r1t1', outbox: 0, battery: 0.8, heardAt }), 'EX', 45);
    await server.client({ token: token('r1j3') });
    const page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${links.supervisor.url}`);
    const row = (room: string, judge: string) => page.getByTestId(`tablet-${room}-${judge}`);
    await row('room1', 'r1j3').waitFor();
    await eventually(async () => expect(await row('room1', 'r1j3').innerText()).toMatch(/平板无响应[\s\S]*2 分钟前/));
    expect(await row('room1', 'r1j2').innerText()).toContain('平板尚未上报');
    expect(await row('room1', 'r1j2').getByTestId('tablet-warn-silent').count()).toBe(0); // not connected: offline, not silent
    expect(await row('room2', 'r2j1').innerText()).toContain('平板尚未上报');

    // r1j1's tablet goes to sleep while scoring is open, with a sheet unsent and a low battery: the page follows.
    const judge = await server.client({ token: token('r1j1') });
    await ok(judge, 'judge:status', { visible: false, team: 'r1t1', outbox: 1, battery: 0.15 });
    await eventually(async () => expect(await row('room1', 'r1j1').innerText()).toMatch(/平板休眠[\s\S]*有未发送的评分[\s\S]*电量低于 20%[\s\S]*休眠[\s\S]*15%/));
    expect(await row('room1', 'r1j1').getByTestId('tablet-warn-other-team').count()).toBe(0);
    expect(await page.getByTestId('tablet-attention').innerText()).toContain('2 台评委平板需要注意');
    await page.getByTestId('tablets').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'supervisor-tablets-1440x900');

    // It wakes up showing another team, its sheet sent: only that warning is left (and the stale tablet's).
    await ok(judge, 'judge:status', { visible: true, team: 'r1t2', outbox: 0, battery: 0.15 });
    await eventually(async () => expect(await row('room1', 'r1j1').getByTestId('tablet-warn-other-team').count()).toBe(1));
    expect(await row('room1', 'r1j1').getByTestId('tablet-warn-asleep').count()).toBe(0);
    expect(await row('room1', 'r1j1').innerText()).toContain('项目1-2');
  }, 60_000);

  it('says so when its link is revoked, and a bad link', async () => {
    const ev = makeEvent({ id: 'sup-revoked', rooms: 1, teams: 1, judges: 3 });
    const links = await server.setup(ev);
    const page = await (await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    await page.goto(`${server.url}${links.supervisor.url}`);
    await page.getByTestId('room-room1').waitFor();
    expect(await page.getByTestId('problem').count()).toBe(0);
    const res = await fetch(`${server.url}/api/admin/setup`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ password: 'correct horse battery' }),
    });
    const admin = await server.client({ token: ((await res.json()) as { data: { token: string } }).data.token });
    await ok(admin, 'admin:regenerate-token', { eventId: ev.id, role: 'supervisor', subject: ev.id });
    await eventually(async () => expect(await page.getByTestId('problem').innerText()).toBe('此链接已失效，请向工作人员索取新链接。'));
    await page.reload();
    await eventually(async () => expect(await page.getByTestId('problem').innerText()).toBe('链接无效，请联系工作人员。'));
  }, 60_000);
});
