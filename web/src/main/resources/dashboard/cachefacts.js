// What the edge said about caching, for the job view: how a task's verification marks it
// (verified, succeeded without a check, not cached, failed), the second answer in words, the URLs
// whose answer forbids caching and the PoPs a warmer backs off from now. Every value goes in as text.
import { el, when } from './ui.js';

const $ = (id) => document.getElementById(id);
const PROVEN = new Set(['VERIFIED', 'ALREADY_CACHED']);
const WORDS = { VERIFIED: 'verified', ALREADY_CACHED: 'already cached', NOT_CACHED: 'not cached', CHECK_FAILED: 'check failed' };
/** When one grid cell covers several Accept-Encoding variants, the worst mark shows. */
export const MARK_RANK = { verified: 0, succeeded: 0, unverified: 1, skipped: 2, pending: 3, 'not-cached': 4, failed: 5 };
/** What each list shows now, so an unchanged answer (every poll) rebuilds nothing. */
const shown = { uncacheable: null, backoff: null };

/** Forgets and hides what the previous job showed. */
export function resetFacts() {
  shown.uncacheable = null;
  shown.backoff = null;
  for (const id of ['verify-counts', 'uncacheable', 'backoff']) {
    $(id).hidden = true;
  }
}

/**
 * A task's mark, the `task-<mark>` class of its cell: `verified` (in the PoP's cache), `unverified`
 * (succeeded, not checked), `not-cached` (the PoP did not keep it, or its answer forbade caching),
 * `failed`, `pending` or `skipped`. `known` is false for a report without the verification column
 * (an older status store): a success is then just `succeeded`.
 */
export function taskMark({ outcome, verification, uncacheable, httpStatus }, known = true) {
  if (outcome === 'SUCCESS') {
    return !known ? 'succeeded' : PROVEN.has(verification) ? 'verified' : 'unverified';
  }
  if (outcome === 'FAILURE') {
    const refused = !verification && uncacheable && /^2\d\d$/.test(String(httpStatus ?? ''));
    return verification === 'NOT_CACHED' || refused ? 'not-cached' : 'failed';
  }
  return outcome === 'SKIPPED' ? 'skipped' : 'pending';
}

export function verificationWords(verification) {
  return WORDS[verification] ?? '';
}

/** The verification's second answer in one line ('' when none was sent). */
export function answerText(answer) {
  if (!answer) {
    return '';
  }
  return [answer.httpStatus && `HTTP ${answer.httpStatus}`, answer.xCache, answer.age && `Age ${answer.age}`,
    answer.cfPop && `via ${answer.cfPop}`].filter(Boolean).join(' · ');
}

/** "verified / not cached" counts of a status answer's `detail.tasks`; hidden when the server has no such counts. */
export function showCounts(tasks) {
  const line = $('verify-counts');
  const known = tasks && (tasks.verified !== undefined || tasks.notCached !== undefined);
  line.hidden = !known;
  if (!known) {
    return;
  }
  const verified = tasks.verified ?? 0;
  const notCached = tasks.notCached ?? 0;
  line.dataset.verified = verified;
  line.dataset.notCached = notCached;
  $('count-verified').textContent = verified;
  $('count-not-cached').textContent = notCached;
}

/** The `detail.uncacheable` list: URL, header and value, and how many in all when the list is cut. */
export function showUncacheable(detail) {
  const list = (detail && detail.uncacheable) || [];
  const count = (detail && detail.uncacheableCount) || list.length;
  const key = JSON.stringify([list, count]);
  const section = $('uncacheable');
  section.hidden = list.length === 0;
  if (shown.uncacheable === key) {
    return;
  }
  shown.uncacheable = key;
  section.dataset.count = count;
  $('uncacheable-list').replaceChildren(...list.map((u) => el('li', { 'data-url': u.url, 'data-header': u.header },
    el('code', { className: 'url' }, u.url), ' ', el('span', { className: 'header' }, u.header), ': ',
    el('code', { className: 'value' }, u.value))));
  $('uncacheable-count').textContent = `(${count} URL${count === 1 ? '' : 's'})`;
  const truncated = Boolean(detail && detail.uncacheableTruncated) || count > list.length;
  $('uncacheable-note').hidden = !truncated;
  $('uncacheable-note').textContent = truncated
    ? `Only the first ${list.length} of ${count} URLs are listed; the CSV report's uncacheable column has every task.` : '';
}

/** The `detail.backoff` list: each PoP backed off now, why, since when and until when. */
export function showBackoff(detail) {
  const list = (detail && detail.backoff) || [];
  const key = JSON.stringify(list);
  const section = $('backoff');
  section.hidden = list.length === 0;
  if (shown.backoff === key) {
    return;
  }
  shown.backoff = key;
  $('backoff-list').replaceChildren(...list.map((b) => el('li', { 'data-pop': b.pop, 'data-warmer': b.warmer, 'data-retry-at': b.retryAt },
    el('code', { className: 'pop' }, b.pop), ' ', el('span', { className: 'reason' }, b.reason ?? 'overloaded'),
    ' · since ', el('time', { className: 'since', datetime: iso(b.since) }, when(b.since)),
    ' · next try ', el('time', { className: 'retry-at', datetime: iso(b.retryAt) }, when(b.retryAt)),
    b.warmer ? el('span', { className: 'muted warmer' }, ` (warmer ${b.warmer})`) : null)));
  $('backoff-count').textContent = `(${list.length})`;
}

function iso(epochMillis) {
  return epochMillis ? new Date(epochMillis).toISOString() : null;
}
