// The admin's commands: create and save events, hand out links, revoke and regenerate tokens.
import { createHash } from 'node:crypto';
import { blankEvent, eventFromPreset } from '../../shared/presets';
import { checkEventConfig, knownTopic, lockedRuleProblems, problemsMessage, removedTrackProblems, rulesChanged } from '../../shared/setup';
import type { EventConfig } from '../../shared/domain';
import { hostPort } from '../addresses';
import { announceEvent } from '../announce';
import { linkPath } from '../../shared/links';
import { eventLinks } from '../links';
import { channels, type Io } from '../notify';
import { scoredTeams, scoredTracks } from '../results';
import { roomTouched } from '../topics';
import { codeHash } from '../store/voters';
import { command, done, fail, type AppSocket } from './command';
import type { Ctx } from './context';

/** What the audit keeps of a configuration: its size and a fingerprint (the whole is in the event key). */
function summary(ev: EventConfig): string {
  const sha256 = createHash('sha256').update(JSON.stringify(ev)).digest('hex');
  return JSON.stringify({ tracks: ev.tracks.length, rooms: ev.rooms.length, teams: ev.teams.length, judges: ev.judges.length,
    recusals: ev.recusals.length, panels: Object.fromEntries(ev.rooms.map((r) => [r.id, r.panel])), sha256 });
}

/** Saves the event with one team or judge changed, audited with the entry before and after; then every screen. */
async function saveEntry(ctx: Ctx, config: EventConfig, action: 'team.edit' | 'judge.edit', subject: { team: string } | { judge: string },
  before: object, after: object, reason: string) {
  const broken = checkEventConfig(config);
  if (broken.length) return fail('config-invalid', `配置有误，未保存：${problemsMessage(broken)}`, { problems: problemsMessage(broken) });
  await ctx.store.saveEvent(config);
  const auditId = await ctx.store.appendAudit(config.id, {
    actor: { id: 'admin', role: 'admin' }, action, ...subject, before: JSON.stringify(before), after: JSON.stringify(after), reason,
  });
  await ctx.notifier.publish(config, [{ topic: 'audit', auditId }]);
  await announceEvent(ctx, config);
  return done({ auditId });
}

/** Binds the admin's commands on a socket. */
export function bindAdmin(ctx: Ctx, socket: AppSocket, io: Io): void {
  command(socket, 'admin:create-event', async ({ id, name, presetId }) => {
    if (await ctx.store.getEvent(id)) return fail('event-exists', `an event "${id}" exists already`, { event: id });
    let ev: EventConfig;
    try {
      ev = presetId ? { ...eventFromPreset(presetId, id), name } : blankEvent(id, name);
    } catch {
      return fail('preset-not-found', `no preset "${presetId}"`, { preset: presetId ?? '' });
    }
    await ctx.store.saveEvent(ev);
    const auditId = await ctx.store.appendAudit(id, { actor: { id: 'admin', role: 'admin' }, action: 'event.create', before: '', after: summary(ev), reason: presetId ?? '' });
    await ctx.notifier.publish(ev, [{ topic: 'audit', auditId }]);
    return done({ eventId: id });
  });
  command(socket, 'admin:save-event', async ({ config }) => {
    const before = await ctx.store.getEvent(config.id);
    const broken = [...(before ? removedTrackProblems(before, config) : []), ...checkEventConfig(config)];
    if (broken.length) return fail('config-invalid', `配置有误，未保存：${problemsMessage(broken)}`, { problems: problemsMessage(broken) });
    if (before) {
      // The teams of both versions: a sheet belongs to a team whichever track it is listed under now.
      const scored = await scoredTracks(ctx.store, { ...before, teams: [...before.teams, ...config.teams] }, rulesChanged(before, config));
      const locked = lockedRuleProblems(before, config, scored);
      if (locked.length) return fail('config-locked', `未保存：${problemsMessage(locked)}`, { problems: problemsMessage(locked) });
    }
    await ctx.store.saveEvent(config);
    const auditId = await ctx.store.appendAudit(config.id, {
      actor: { id: 'admin', role: 'admin' }, action: 'event.save', before: before ? summary(before) : '', after: summary(config),
    });
    await ctx.notifier.publish(config, [{ topic: 'audit', auditId }]);
    await announceEvent(ctx, config);
    return done({ eventId: config.id });
  });
  command(socket, 'admin:links', async ({ eventId }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    return done(await eventLinks(ctx, ev, hostPort(socket.handshake.headers.host)));
  });
  command(socket, 'admin:set-link-base', async ({ eventId, base }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const before = await ctx.store.linkBase(eventId);
    const next = base ? base.replace(/\/$/, '') : null;
    await ctx.store.setLinkBase(ev, next);
    const auditId = await ctx.store.appendAudit(eventId, { actor: { id: 'admin', role: 'admin' }, action: 'links.base', before: before ?? '', after: next ?? '' });
    // Every room's view carries it (the projectors' QR codes).
    await ctx.notifier.publish(ev, [...ev.rooms.flatMap((r) => roomTouched(r.id)), { topic: 'audit', auditId }]);
    return done(await eventLinks(ctx, ev, hostPort(socket.handshake.headers.host)));
  });
  command(socket, 'admin:events', async () =>
    done((await ctx.store.listEvents()).map((e) => ({ id: e.id, name: e.name, teams: e.teams.length, judges: e.judges.length }))));
  command(socket, 'admin:event', async ({ eventId }) => {
    const ev = await ctx.store.getEvent(eventId);
    return ev ? done(ev) : fail('event-not-found', `no event "${eventId}"`, { event: eventId });
  });
  command(socket, 'admin:scored-tracks', async ({ eventId }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const teams = await scoredTeams(ctx.store, ev);
    return done({ trackIds: [...await scoredTracks(ctx.store, ev, ev.tracks.map((t) => t.id))], teamIds: [...teams.keys()],
      judgeIds: [...new Set([...teams.values()].flat())] });
  });
  // One team corrected by hand. Once it holds score sheets its track is locked (they were given on that track's form
  // and rank in that track's list: moving it would put them in another's), and any other change needs a reason.
  command(socket, 'admin:edit-team', async ({ eventId, team, reason }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const before = ev.teams.find((t) => t.id === team.id);
    if (!before) return fail('team-not-found', `没有编号为「${team.id}」的团队（no team "${team.id}"）`, { team: team.id });
    const track = ev.tracks.find((t) => t.id === team.trackId);
    if (!track) return fail('entry-unknown-track', `没有编号为「${team.trackId}」的赛道（no track "${team.trackId}"）`, { track: team.trackId });
    if (!knownTopic(track, team.topic)) {
      return fail('entry-unknown-topic', `「${team.topic}」不是赛道「${track.name}」的赛题方向，可选：${track.topics.join('、')}（unknown topic）`, { topic: team.topic, track: track.name, topics: track.topics.join('、') });
    }
    if (JSON.stringify(before) === JSON.stringify(team)) return fail('entry-unchanged', '没有改动（nothing changed）');
    if (Object.keys(await ctx.store.sheets(eventId, team.id)).length > 0) {
      if (before.trackId !== team.trackId) {
        return fail('team-track-locked', `团队「${before.project}」已有评分，不能改到其他赛道：评分是按原赛道的评审指标给出的，并计入原赛道的排名（a scored team's track is locked）`, { team: before.project });
      }
      if (!reason) return fail('entry-needs-reason', `团队「${before.project}」已有评分：修改须填写理由（记入审计日志）（a reason is required）`, { name: before.project });
    }
    return saveEntry(ctx, { ...ev, teams: ev.teams.map((t) => (t.id === team.id ? team : t)) }, 'team.edit', { team: team.id }, before, team, reason);
  });
  // One judge corrected by hand (name, organisation, title); a reason once the judge has written score sheets.
  command(socket, 'admin:edit-judge', async ({ eventId, judge, reason }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const before = ev.judges.find((j) => j.id === judge.id);
    if (!before) return fail('judge-not-found', `没有编号为「${judge.id}」的评委（no judge "${judge.id}"）`, { judge: judge.id });
    if (JSON.stringify(before) === JSON.stringify(judge)) return fail('entry-unchanged', '没有改动（nothing changed）');
    const scored = [...(await scoredTeams(ctx.store, ev)).values()].some((judges) => judges.includes(judge.id));
    if (scored && !reason) return fail('entry-needs-reason', `评委「${before.name}」已提交评分：修改须填写理由（记入审计日志）（a reason is required）`, { name: before.name });
    return saveEntry(ctx, { ...ev, judges: ev.judges.map((j) => (j.id === judge.id ? judge : j)) }, 'judge.edit', { judge: judge.id }, before, judge, reason);
  });
  // A track's prize counts changed with a reason (a panel decision on the day, such as a prize left vacant): allowed
  // when the track already has scores, unlike admin:save-event, because it changes no score, only who gets which prize.
  command(socket, 'admin:set-awards', async ({ eventId, trackId, awards, reason }) => {
    const before = await ctx.store.getEvent(eventId);
    if (!before) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const track = before.tracks.find((t) => t.id === trackId);
    if (!track) return fail('track-not-found', `no track "${trackId}" in this event`, { track: trackId });
    const config: EventConfig = { ...before, tracks: before.tracks.map((t) => (t.id === trackId ? { ...t, awards } : t)) };
    await ctx.store.saveEvent(config);
    const auditId = await ctx.store.appendAudit(eventId, {
      actor: { id: 'admin', role: 'admin' }, action: 'track.awards', before: JSON.stringify(track.awards), after: JSON.stringify(awards), reason,
    });
    await ctx.notifier.publish(config, [{ topic: 'audit', auditId }]);
    await announceEvent(ctx, config);
    return done({ auditId });
  });
  command(socket, 'admin:regenerate-token', async ({ eventId, role, subject }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const known = role === 'judge' ? ev.judges.some((j) => j.id === subject)
      : role === 'supervisor' ? subject === eventId : ev.rooms.some((r) => r.id === subject);
    if (!known) return fail('subject-not-found', `no ${role} "${subject}" in this event`, { subject });
    const { revokedHash, token } = await ctx.tokens.regenerate(eventId, role, subject);
    if (revokedHash) {
      const target = io.in(channels.token(revokedHash));
      target.emit('session:revoked', { message: '此链接已失效，请向工作人员索取新链接 / This link was revoked' });
      target.disconnectSockets(true);
    }
    return done({ token, url: linkPath[role](token) });
  });
  command(socket, 'admin:voter-codes', async ({ eventId, add }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const have = (await ctx.store.voters.codes(eventId)).length;
    if (have + add > MAX_VOTER_CODES) return fail('voter-codes-full', `at most ${MAX_VOTER_CODES} voter codes`);
    const codes = await ctx.store.voters.addCodes(eventId, add);
    if (add > 0) {
      const auditId = await ctx.store.appendAudit(eventId, { actor: { id: 'admin', role: 'admin' }, action: 'voter.add-codes', before: String(have), after: String(codes.length) });
      return done(codes, () => ctx.notifier.publish(ev, [{ topic: 'audit', auditId }]));
    }
    return done(codes);
  });
  command(socket, 'admin:revoke-voter', async ({ eventId, voter, reason }) => {
    const ev = await ctx.store.getEvent(eventId);
    if (!ev) return fail('event-not-found', `no event "${eventId}"`, { event: eventId });
    const code = (await ctx.store.voters.codes(eventId)).find((c) => c.voter === voter);
    if (!code) return fail('voter-not-found', `no voter "${voter}"`, { voter });
    await ctx.store.voters.revoke(eventId, voter);
    const auditId = await ctx.store.appendAudit(eventId, {
      actor: { id: 'admin', role: 'admin' }, action: 'voter.revoke', before: code.revoked ? 'revoked' : 'valid', after: 'revoked', reason,
    });
    const target = io.in(channels.token(codeHash(code.code)));
    target.emit('session:revoked', { message: '此评审码已作废 / This voter code was revoked' });
    target.disconnectSockets(true);
    return done({ auditId }, () => ctx.notifier.publish(ev, [{ topic: 'audit', auditId }]));
  });
}

/** How many voter codes an event may have. */
const MAX_VOTER_CODES = 20_000;
