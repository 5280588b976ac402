// HTTP endpoints for what does not fit a socket: import files (templates, preview, commit) and exports (results file,
// workbook, print pages; per track, and the workbook and print pages of the whole event). Authorised by an admin
// session or a supervisor token, as a Bearer header or ?token=.
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { eventConfigSchema, idSchema } from '../shared/domain';
import { eventPrintPages, eventResultsWorkbook, printPages, resultsFileWithEvidence, resultsWorkbook } from './exports';
import type { Limits } from './budgets';
import type { Ctx } from './handlers/context';
import { announceEvent } from './announce';
import { scoredTeams } from './results';
import { scoredTeamProblems, teamsDiff } from '../shared/setup';
import { applyImport, previewJudges, previewTeams, readSheet, templateXlsx, validNames, type ImportKind } from './imports';

type Who = { role: 'admin' } | { role: 'supervisor'; eventId: string };

function tokenOf(req: Request): string {
  const header = req.get('authorization') ?? '';
  if (header.startsWith('Bearer ')) return header.slice(7).trim();
  return typeof req.query.token === 'string' ? req.query.token : '';
}

const fail = (res: Response, status: number, code: string, message: string) => {
  res.status(status).json({ ok: false, error: { code, message } });
};

/**
 * Answers 413 at once to a request that declares (Content-Length) a body over `bytes`, and closes its connection,
 * instead of reading the body first (the body parsers answer only once the whole body has arrived).
 */
export function refuseDeclaredOver(bytes: number): RequestHandler {
  return (req, res, next) => {
    if (!(Number(req.get('content-length')) > bytes)) return next();
    res.set('Connection', 'close');
    fail(res, 413, 'TOO_LARGE', `too large: at most ${bytes} bytes`);
  };
}

/** The routes, over the server's shared parts. */
export function httpRoutes(ctx: Ctx, limits: Limits['http']): Router {
  const router = express.Router();

  async function who(req: Request): Promise<Who | null> {
    const token = tokenOf(req);
    if (!token) return null;
    if (await ctx.admin.checkSession(token)) return { role: 'admin' };
    const grant = await ctx.tokens.lookup(token);
    return grant?.role === 'supervisor' && grant.eventId ? { role: 'supervisor', eventId: grant.eventId } : null;
  }

  /** Loads the event of the path for an admin, or for a supervisor of that event; answers 401/404 otherwise. */
  async function eventFor(req: Request, res: Response, adminOnly: boolean) {
    const me = await who(req);
    const eventId = idSchema.safeParse(req.params.eventId);
    if (!me || (me.role !== 'admin' && (adminOnly || !eventId.success || me.eventId !== eventId.data))) {
      fail(res, 401, 'UNAUTHORIZED', 'sign in as the administrator (or use the supervisor link)');
      return null;
    }
    const ev = eventId.success ? await ctx.store.getEvent(eventId.data) : null;
    if (!ev) {
      fail(res, 404, 'NOT_FOUND', 'no such event');
      return null;
    }
    return ev;
  }

  router.get('/api/templates/:kind.xlsx', async (req, res) => {
    const kind = z.enum(['teams', 'judges']).safeParse(req.params.kind);
    if (!kind.success) return fail(res, 404, 'NOT_FOUND', 'no such template');
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(kind.data === 'teams' ? '参赛团队模板.xlsx' : '评委模板.xlsx');
    res.send(await templateXlsx(kind.data));
  });

  router.post('/api/events/:eventId/import/:kind', refuseDeclaredOver(limits.importBytes), express.raw({ type: () => true, limit: limits.importBytes }), async (req, res) => {
    const ev = await eventFor(req, res, true);
    if (!ev) return;
    const kind = z.enum(['teams', 'judges']).safeParse(req.params.kind);
    const filename = String(req.query.filename ?? 'upload.xlsx');
    if (!kind.success) return fail(res, 404, 'NOT_FOUND', 'import teams or judges');
    if (!Buffer.isBuffer(req.body) || req.body.length === 0) return fail(res, 400, 'BAD_REQUEST', 'the file is empty');
    let rows;
    try {
      rows = await readSheet(req.body, filename);
    } catch {
      return fail(res, 400, 'BAD_REQUEST', '无法读取该文件：请上传 .xlsx 或 .csv（UTF-8）文件');
    }
    const preview = kind.data === 'teams' ? previewTeams(ev, rows) : previewJudges(ev, rows);
    const next = applyImport(ev, kind.data as ImportKind, preview.rows as never);
    // Teams again once some are scored: what would change, and a refusal or an explicit confirmation before it does.
    const scored = new Set(kind.data === 'teams' ? (await scoredTeams(ctx.store, ev)).keys() : []);
    const diff = kind.data === 'teams' && ev.teams.length > 0 ? teamsDiff(ev.teams, next.teams, scored) : null;
    const blocked = diff ? scoredTeamProblems(diff, ev.teams, next.teams).map((p) => p.zh) : [];
    const needsConfirm = diff !== null && scored.size > 0 && diff.added.length + diff.removed.length + diff.changed.length > 0;
    const commit = req.query.commit === '1' && preview.errors.length === 0 && blocked.length === 0
      && (!needsConfirm || req.query.confirm === '1');
    if (commit) {
      const parsed = eventConfigSchema.safeParse(next);
      if (!parsed.success) return fail(res, 400, 'BAD_REQUEST', parsed.error.issues[0]!.message);
      const before = await ctx.store.getEvent(ev.id);
      await ctx.store.saveEvent(parsed.data);
      const auditId = await ctx.store.appendAudit(ev.id, { actor: { id: 'admin', role: 'admin' }, action: `event.import-${kind.data}`,
        before: JSON.stringify({ teams: before?.teams.length, judges: before?.judges.length }),
        after: JSON.stringify({ teams: parsed.data.teams.length, judges: parsed.data.judges.length, rooms: parsed.data.rooms.length,
          ...(diff ? { added: diff.added.map((t) => t.id), removed: diff.removed.map((t) => t.id), changed: diff.changed.map((t) => t.id) } : {}) }),
        reason: filename });
      await ctx.notifier.publish(parsed.data, [{ topic: 'audit', auditId }]);
      await announceEvent(ctx, parsed.data);
    }
    res.json({ ok: true, data: { saved: commit, rows: preview.rows, errors: preview.errors, valid: validNames(ev),
      diff, blocked, needsConfirm, rooms: next.rooms, recusals: next.recusals } });
  });

  // The whole event. Results files stay one per track (the results CLI recomputes one track): no bundle.
  router.get('/api/events/:eventId/results.xlsx', async (req, res) => {
    const ev = await eventFor(req, res, false);
    if (!ev) return;
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(`成绩-${ev.id}.xlsx`);
    res.send(await eventResultsWorkbook(ctx.store, ev));
  });

  router.get('/api/events/:eventId/print', async (req, res) => {
    const ev = await eventFor(req, res, false);
    if (!ev) return;
    res.type('html').send(await eventPrintPages(ctx.store, ev));
  });

  router.get('/api/events/:eventId/tracks/:trackId/results.json', async (req, res) => {
    const ev = await eventFor(req, res, false);
    if (!ev) return;
    if (!ev.tracks.some((t) => t.id === req.params.trackId)) return fail(res, 404, 'NOT_FOUND', 'no such track');
    res.attachment(`results-${ev.id}-${req.params.trackId}.json`);
    res.json(await resultsFileWithEvidence(ctx.store, ev, String(req.params.trackId)));
  });

  router.get('/api/events/:eventId/tracks/:trackId/results.xlsx', async (req, res) => {
    const ev = await eventFor(req, res, false);
    if (!ev) return;
    if (!ev.tracks.some((t) => t.id === req.params.trackId)) return fail(res, 404, 'NOT_FOUND', 'no such track');
    res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.attachment(`成绩-${ev.id}-${req.params.trackId}.xlsx`);
    res.send(await resultsWorkbook(ctx.store, ev, String(req.params.trackId)));
  });

  router.get('/api/events/:eventId/tracks/:trackId/print', async (req, res) => {
    const ev = await eventFor(req, res, false);
    if (!ev) return;
    if (!ev.tracks.some((t) => t.id === req.params.trackId)) return fail(res, 404, 'NOT_FOUND', 'no such track');
    res.type('html').send(await printPages(ctx.store, ev, String(req.params.trackId)));
  });

  return router;
}
