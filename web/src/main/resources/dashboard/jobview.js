// The selected job: its counts, a URL x PoP grid coloured by outcome and verification (from the
// CSV report) for small jobs or per-PoP totals for big ones, the failure table and the CSV report
// link; what can be done with it (cancel, retry failed) is JobActions', what the edge said about
// caching (uncacheable URLs, backed-off PoPs) cachefacts', how far reading its documents got
// expansion's. A job with documents grows while they are read: its total and grid follow each poll.
import { request, json, parseCsv, unguard, apiKey, downloadReport } from './api.js';
import { el, progressBar, badge, FINAL } from './ui.js';
import { JobActions } from './jobactions.js';
import { taskMark, MARK_RANK, verificationWords, answerText, showCounts, showUncacheable, showBackoff, resetFacts } from './cachefacts.js';
import { showExpansion, resetExpansion, growing } from './expansion.js';

const GRID_MAX_URLS = 200;
const GRID_MAX_CELLS = 20000;
const $ = (id) => document.getElementById(id);

export class JobView {
  /** `refresh()` updates the page now; `open(requestID, urls)` shows a new job (a retry). */
  constructor({ refresh, open }) {
    this.id = null;
    this.actions = new JobActions({ refresh, open });
    this.bar = null;
    this.gridKey = null;
    this.cells = new Map();
    this.gridDone = false;
    this.failuresKey = null;
    this.totalsKey = null;
    $('csv-link').addEventListener('click', (event) => {
      if (apiKey() && this.id) {
        event.preventDefault();
        downloadReport(this.id).catch((e) => { $('failures-note').textContent = `CSV report: ${e.message}`; });
      }
    });
  }

  show(id) {
    if (id === this.id) {
      return;
    }
    this.id = id;
    this.bar = null;
    this.gridKey = null;
    this.cells.clear();
    this.gridDone = false;
    this.failuresKey = null;
    this.totalsKey = null;
    $('job-view').hidden = !id;
    if (!id) {
      return;
    }
    this.actions.show(id);
    $('job-id').textContent = id;
    $('csv-link').href = `/report?requestID=${encodeURIComponent(id)}`;
    $('csv-link').setAttribute('download', `prewarm-${id}.csv`);
    $('job-progress').replaceChildren();
    $('matrix').replaceChildren();
    $('failures').tBodies[0].replaceChildren();
    for (const id2 of ['job-counts', 'matrix-title', 'failure-count', 'failures-note']) {
      $(id2).textContent = '';
    }
    resetFacts();
    resetExpansion();
    badge('SUBMITTED', $('job-status'));
  }

  /** Updates the view from the server; true while the job still runs. */
  async refresh() {
    const id = this.id;
    const response = await request(`/status?requestID=${encodeURIComponent(id)}&detail=true&limit=1`);
    const body = await json(response);
    if (id !== this.id) {
      return false;
    }
    if (!response.ok) {
      // a job POST /prewarm accepted is known at once: a 404 is a job that does not exist (or is past retention)
      $('job-counts').textContent = body.message;
      return response.status === 503;
    }
    this.header(body);
    this.actions.update(body);
    const pops = body.detail ? body.detail.pops : [];
    if (body.total <= GRID_MAX_URLS && body.total * pops.length <= GRID_MAX_CELLS) {
      if (!this.gridDone) {
        await this.grid(id, body, pops.map((p) => p.pop));
      }
    } else {
      this.totals(body, pops);
    }
    showBackoff(body.detail);
    showUncacheable(body.detail);
    this.failures(body.detail);
    return !FINAL.has(body.status);
  }

  header(s) {
    badge(s.status, $('job-status'));
    const tasks = s.detail ? s.detail.tasks : { total: 0, succeeded: 0, failed: 0, pending: 0 };
    const final = FINAL.has(s.status);
    const done = tasks.total > 0 ? Math.floor((100 * (tasks.succeeded + tasks.failed)) / tasks.total) : final ? 100 : 0;
    // every task known so far may be done while documents are still read: not 100 % before the end
    const pct = final ? done : Math.min(done, 99);
    const notCached = tasks.notCached ?? 0;
    this.bar = progressBar({ ok: tasks.succeeded, notCached, failed: tasks.failed - notCached, total: tasks.total, pct, status: s.status,
      label: `${tasks.succeeded + tasks.failed} / ${tasks.total} tasks · ${pct}%` }, this.bar);
    if (!this.bar.isConnected) {
      $('job-progress').replaceChildren(this.bar);
    }
    $('job-counts').textContent = `URLs: ${s.completed} of ${s.total} done · tasks: ${tasks.succeeded} succeeded, `
      + `${tasks.failed} failed, ${tasks.pending} ${final ? 'not done' : 'pending'}` + (s.error ? ` · ${s.error}` : '')
      + (!final && growing(s.detail) ? ' · growing: documents are still read' : '');
    showCounts(s.detail && s.detail.tasks);
    showExpansion(s.detail, final);
  }

  async grid(id, s, pops) {
    const response = await request(`/report?requestID=${encodeURIComponent(id)}`);
    if (!response.ok || id !== this.id) {
      return;
    }
    const [header = [], ...rows] = parseCsv(await response.text());
    const column = new Map(header.map((name, i) => [name, i]));
    const known = column.has('verification');
    const cells = new Map();
    const urls = [];
    for (const r of rows.filter((row) => row.length >= 11)) {
      const field = (name) => (column.has(name) ? unguard(r[column.get(name)] ?? '') : '');
      const [url, pop, encoding, outcome, http, attempts, xCache, cfPop, , elapsed, reason] = r.map(unguard);
      const verification = field('verification');
      const uncacheable = field('uncacheable');
      const mark = taskMark({ outcome, verification, uncacheable, httpStatus: http }, known);
      const key = `${url}\n${pop}`;
      if (!cells.has(key)) {
        cells.set(key, { outcome, mark, verification, lines: [] });
        if (urls[urls.length - 1] !== url) {
          urls.push(url);
        }
        if (!pops.includes(pop)) {
          pops.push(pop);
        }
      }
      const cell = cells.get(key);
      if (MARK_RANK[mark] > MARK_RANK[cell.mark]) {
        Object.assign(cell, { outcome, mark, verification, http });
      }
      cell.http = cell.http || http;
      const second = answerText({ httpStatus: field('verify_http_status'), xCache: field('verify_x_cache'), age: field('verify_age'),
        cfPop: field('verify_x_amz_cf_pop') });
      cell.lines.push([encoding && `[${encoding}]`, outcome, http && `HTTP ${http}`, attempts && `${attempts} attempt(s)`,
        xCache, field('age') && `Age ${field('age')}`, cfPop && `via ${cfPop}`, elapsed && `${elapsed} ms`, reason,
        verificationWords(verification) && `· check: ${verificationWords(verification)}`, second && `(${second})`,
        uncacheable && !reason.includes(uncacheable) && `· ${uncacheable}`].filter(Boolean).join(' '));
    }
    const key = `${urls.join('\n')}|${pops.join(',')}`;
    if (key !== this.gridKey) {
      this.buildGrid(urls, pops);
      this.gridKey = key;
    }
    const failedPops = new Set();
    for (const [k, cell] of cells) {
      const td = this.cells.get(k);
      const [url, pop] = k.split('\n');
      td.className = `cell outcome-${cell.outcome} task-${cell.mark}`;
      td.dataset.verification = cell.verification || '';
      td.textContent = cell.outcome === 'PENDING' ? '' : cell.outcome === 'SKIPPED' ? 'skip' : cell.http || '—';
      td.title = `${url} at ${pop}\n${cell.lines.join('\n')}`;
      if (cell.outcome === 'FAILURE') {
        failedPops.add(pop);
      }
    }
    for (const th of $('matrix').querySelectorAll('th.pop')) {
      th.classList.toggle('pop-failed', failedPops.has(th.dataset.pop));
    }
    $('matrix-title').textContent = `URL × PoP (${urls.length} × ${pops.length})`;
    this.gridDone = FINAL.has(s.status);
  }

  buildGrid(urls, pops) {
    this.cells.clear();
    const head = el('tr', {}, el('th', { className: 'corner' }, 'URL \\ PoP'),
      ...pops.map((p) => el('th', { className: 'pop', 'data-pop': p }, el('span', {}, p))));
    const body = urls.map((url) => el('tr', {}, el('th', { className: 'url', title: url }, url), ...pops.map((pop) => {
      const td = el('td', { className: 'cell outcome-PENDING', 'data-url': url, 'data-pop': pop });
      this.cells.set(`${url}\n${pop}`, td);
      return td;
    })));
    $('matrix').replaceChildren(el('table', { className: 'grid' }, el('thead', {}, head), el('tbody', {}, ...body)));
  }

  totals(s, pops) {
    const final = FINAL.has(s.status);
    const key = JSON.stringify([final, pops]);
    if (key === this.totalsKey) {
      return;
    }
    this.totalsKey = key;
    $('matrix-title').textContent = `Per PoP (${s.total} URLs: too many for a grid; the CSV report has every task)`;
    const verifyKnown = pops.some((p) => p.verified !== undefined || p.notCached !== undefined);
    const rows = pops.map((p) => {
      const outcome = p.failed > 0 ? 'FAILURE' : p.pending > 0 ? (final ? 'SKIPPED' : 'PENDING') : 'SUCCESS';
      const notCached = p.notCached ?? 0;
      // a PoP whose every failure is "not cached" is amber, not red: the edge answered, the origin's headers are at fault
      const marks = p.failed > 0 && notCached === p.failed ? `outcome-${outcome} task-not-cached` : `outcome-${outcome}`;
      const pct = p.total > 0 ? Math.floor((100 * (p.succeeded + p.failed)) / p.total) : 100;
      return el('tr', { className: `pop-row ${marks}`, 'data-pop': p.pop },
        el('th', {}, el('span', { className: `swatch ${marks}` }), ` ${p.pop}`),
        el('td', { className: 'progress-col' }, progressBar({ ok: p.succeeded, notCached, failed: p.failed - notCached, total: p.total, pct,
          status: outcome, label: `${pct}%` })),
        el('td', { className: 'num' }, p.succeeded), el('td', { className: 'num' }, p.failed), el('td', { className: 'num' }, p.pending),
        verifyKnown ? el('td', { className: 'count count-verified' }, p.verified ?? 0) : null,
        verifyKnown ? el('td', { className: 'count count-not-cached' }, notCached) : null);
    });
    $('matrix').replaceChildren(el('table', { className: 'totals' },
      el('thead', {}, el('tr', {}, el('th', {}, 'PoP'), el('th', {}, 'Progress'), el('th', {}, 'Succeeded'), el('th', {}, 'Failed'),
        el('th', {}, final ? 'Not done' : 'Pending'), verifyKnown ? el('th', {}, 'Verified') : null,
        verifyKnown ? el('th', {}, 'Not cached') : null)),
      el('tbody', {}, ...rows)));
  }

  failures(detail) {
    const list = detail ? detail.failures : [];
    const key = JSON.stringify(list);
    if (key === this.failuresKey) {
      return;
    }
    this.failuresKey = key;
    const uncacheable = new Set(((detail && detail.uncacheable) || []).map((u) => u.url));
    $('failures').tBodies[0].replaceChildren(...list.map((f) => {
      const mark = taskMark({ outcome: 'FAILURE', verification: f.verification, uncacheable: uncacheable.has(f.url), httpStatus: f.httpStatus });
      const first = [f.xCache, f.age && `Age ${f.age}`, f.cfPop && `via ${f.cfPop}`].filter(Boolean).join(' · ');
      return el('tr', { className: `outcome-FAILURE task-${mark}`, 'data-url': f.url, 'data-pop': f.pop, 'data-verification': f.verification },
        el('td', { className: 'url' }, f.url), el('td', {}, f.pop),
        el('td', { className: 'num', title: first ? `first answer: ${first}` : null }, f.httpStatus ?? '—'),
        el('td', {}, f.reason ?? ''), el('td', { className: 'num' }, f.attempts),
        el('td', { className: 'verification', 'data-verification': f.verification }, verificationWords(f.verification)),
        el('td', { className: 'verify-answer' }, answerText(f.verify)));
    }));
    $('failure-count').textContent = list.length ? `(${list.length})` : '(none)';
    $('failures-note').textContent = detail && detail.failuresTruncated
      ? `Only the first ${list.length} failures are listed; the CSV report has all of them.` : '';
  }
}
