// The admin console in real Chromium: set the password, create an event from the Guangdong preset, import teams
// (a bad file first, refused with row errors) and judges, check recusals, links and QR codes, open the print pages.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS } from '../../server/imports';
import { screenshot, useBrowser } from '../helpers/browser';
import { eventually, useServer } from '../helpers/server';
import { xlsxFile } from '../helpers/xlsx';
import { E2E_DIST } from './global-setup';

const server = useServer({ staticDir: E2E_DIST });
const chrome = useBrowser();
let page: Page;


const ORGS = ['广州数联智能科技有限公司', '深圳市城市交通规划设计研究中心有限公司', '华南理工大学', '广东省智能制造研究所'];
const teams = Array.from({ length: 12 }, (_, i) => [
  `基于${['工业互联网标识解析', '多源异构数据融合', '可信数据空间', '隐私计算'][i % 4]}的${['高端装备', '新能源汽车', '电子信息', '绿色石化'][i % 4]}产业链协同平台（${i + 1}）`,
  `数智团队${i + 1}`, `${ORGS[i % 4]}`, i % 3 === 0 ? '中山大学、暨南大学' : '', '工业制造', '推动制造业数据协同共享', '张三、李四',
]);
const judges = Array.from({ length: 7 }, (_, i) => [
  ['陈立新', '黄慧敏', '周建国', '林晓峰', '吴雅琴', '郑国栋', '刘思远'][i]!, i === 2 ? '华南理工大学' : `某某评审单位${i + 1}`, '教授', '工业制造评审组', '工业制造',
]);

beforeAll(async () => {
  const context = await chrome.browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  page = await context.newPage();
  await page.goto(`${server.url}/admin`);
});

describe('admin console', () => {
  it('sets up an event from the preset with imports, recusals and links', async () => {
    await page.getByTestId('password').fill('组委会管理员密码2026');
    await page.getByTestId('signin-submit').click();
    await page.getByTestId('events').waitFor();
    await page.getByTestId('create').click();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('summary').innerText()).toContain('17 个赛道');

    const bad = teams.map((r) => [...r]);
    bad[5]![2] = '';
    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('bad.xlsx', [[...TEMPLATE_COLUMNS.teams], ...bad]));
    await page.getByTestId('import-errors').waitFor();
    expect(await page.getByTestId('import-errors').innerText()).toContain('第 7 行：「牵头单位」为空');
    expect((await server.store.getEvent('gd2026'))!.teams).toHaveLength(0);
    await screenshot(page, 'admin-import-errors-1440x900');

    await page.getByTestId('file-teams').setInputFiles(await xlsxFile('teams.xlsx', [[...TEMPLATE_COLUMNS.teams], ...teams]));
    await page.getByTestId('commit-teams').click();
    await page.getByTestId('import-teams').getByTestId('import-saved').waitFor();
    await page.getByTestId('file-judges').setInputFiles(await xlsxFile('judges.xlsx', [[...TEMPLATE_COLUMNS.judges], ...judges]));
    await page.getByTestId('commit-judges').click();
    await page.getByTestId('import-judges').getByTestId('import-saved').waitFor();
    await eventually(async () => expect(await page.getByTestId('summary').innerText()).toContain('12 支团队 · 7 位评委 · 1 个会场'));
    // 周建国 is from 华南理工大学, the lead organisation of teams 3, 7 and 11: recused from each.
    expect(await page.getByTestId('recusals').innerText()).toContain('周建国');
    expect((await server.store.getEvent('gd2026'))!.recusals).toHaveLength(3);
    await page.getByTestId('links').waitFor();
    await eventually(async () => expect(await page.locator('.qr-grid img[src^="data:image/png"]').count()).toBe(7));
    expect(await page.getByTestId('links').innerText()).toContain('/judge/');
    await screenshot(page, 'admin-setup-1440x900');

    // Opened at 127.0.0.1, the links would send tablets to themselves: a loud warning, until a LAN address is chosen.
    // (The address is only written into the links and QR codes; nothing here connects to it.)
    const warning = page.getByTestId('localhost-warning');
    expect(await warning.innerText()).toContain(server.url);
    expect(await page.getByTestId('judge-link').first().innerText()).toMatch(/^http:\/\/127\.0\.0\.1:/);
    await page.getByTestId('link-base').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-links-localhost-1440x900');
    const qrBefore = await page.locator('.qr-grid img').first().getAttribute('src');
    const lanAddress = 'http://192.168.50.10:3000';
    await page.getByTestId('link-base-input').fill(lanAddress);
    await page.getByTestId('link-base-save').click();
    await warning.waitFor({ state: 'detached' });
    expect(await page.getByTestId('link-base-now').innerText()).toContain(lanAddress);
    expect(await page.getByTestId('judge-link').first().innerText()).toMatch(/^http:\/\/192\.168\.50\.10:3000\/judge\//);
    await eventually(async () => expect(await page.locator('.qr-grid img').first().getAttribute('src')).not.toBe(qrBefore));
    await page.getByTestId('link-base').scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-links-lan-1440x900');

    // The printed QR sheet: one page per room.
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'admin-qr-print');
    await page.emulateMedia({ media: 'screen' });
  }, 60_000);
});
