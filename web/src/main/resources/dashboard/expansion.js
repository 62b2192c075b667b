// Jobs whose URLs are documents (sitemaps, HLS playlists, DASH MPDs): the form's Expand fields,
// turned into the request's expand, expand_limit, expand_hosts and segments, and the job view's
// `detail.expansion`: documents read, pending and failed, URLs found (and left out for being on
// other hosts), the truncation message (a limit is never reached silently) and each failed document
// with its reason. Every value goes in as text.
import { el } from './ui.js';

const $ = (id) => document.getElementById(id);
const DOCUMENTS = { sitemap: 'Sitemaps', hls: 'HLS playlists', dash: 'DASH MPDs', auto: 'Sitemaps, playlists or MPDs' };
/** What the section shows now, so an unchanged answer (every poll) rebuilds nothing. */
let shown = null;

/** Shows the fields that apply to the chosen kind: none for `none`, no segments for sitemaps. */
function showFields() {
  const kind = $('expand').value;
  const on = kind !== 'none';
  $('expand-fields').hidden = !on;
  $('expand-limit-field').hidden = !on;
  $('segments-field').hidden = !on || kind === 'sitemap';
  $('urls-label').textContent = `${on ? DOCUMENTS[kind] : 'URLs'}, one per line`;
}

export function setUpExpandForm() {
  $('expand').addEventListener('change', showFields);
  showFields();
}

/** The request's expansion fields as the form says; empty for `none`. The server checks the values. */
export function expandFields() {
  const kind = $('expand').value;
  if (kind === 'none') {
    return {};
  }
  const fields = { expand: kind };
  const limit = $('expand-limit').value.trim();
  if (limit) {
    fields.expand_limit = Number(limit);
  }
  const hosts = $('expand-hosts').value.split(/[\s,]+/).filter(Boolean);
  if (hosts.length) {
    fields.expand_hosts = hosts;
  }
  const segments = $('segments').value.trim();
  if (segments && kind !== 'sitemap') {
    fields.segments = { [$('segments-unit').value]: Number(segments) };
  }
  return fields;
}

/** Forgets and hides what the previous job showed. */
export function resetExpansion() {
  shown = null;
  $('expansion').hidden = true;
}

/** Whether the job still has documents to read (its total may still grow). */
export function growing(detail) {
  const x = detail && detail.expansion;
  return Boolean(x && (x.pending > 0 || x.partsPending > 0));
}

/** The `detail.expansion` of a status answer; hidden for a job without documents. */
export function showExpansion(detail, final) {
  const x = detail && detail.expansion;
  const section = $('expansion');
  section.hidden = !x;
  const key = x ? JSON.stringify([x, final]) : null;
  if (!x || key === shown) {
    return;
  }
  shown = key;
  const failures = x.failures || [];
  const counts = { documents: x.documents, read: x.read, pending: x.pending, failed: x.failed, urlsFound: x.urlsFound,
    skippedOtherHosts: x.skippedOtherHosts };
  for (const [name, value] of Object.entries(counts)) {
    section.dataset[name] = value ?? 0;
  }
  $('expansion-count').textContent = `(${x.documents})`;
  $('expansion-counts').replaceChildren(
    el('strong', { className: 'read' }, x.read), ' read · ',
    el('strong', { className: 'pending' }, x.pending), final && x.pending > 0 ? ' not read · ' : ' pending · ',
    el('strong', { className: 'failed' }, x.failed), ' failed · ',
    el('strong', { className: 'urls-found' }, x.urlsFound), ` URL${x.urlsFound === 1 ? '' : 's'} found`,
    x.skippedOtherHosts > 0 ? el('span', { className: 'other-hosts muted' }, ` (${x.skippedOtherHosts} on other hosts left out)`) : null);
  $('expansion-truncated').hidden = !x.truncated;
  $('expansion-truncated').textContent = x.truncated || '';
  $('expansion-failures').replaceChildren(...failures.map((f) => el('li', { 'data-url': f.url },
    el('code', { className: 'url' }, f.url), ': ', el('span', { className: 'reason' }, f.reason ?? 'not read'))));
  $('expansion-failures-note').hidden = !x.failuresTruncated;
  $('expansion-failures-note').textContent = x.failuresTruncated ? `Only the first ${failures.length} of ${x.failed} failed documents are listed.` : '';
}
