// Small DOM helpers. Every text from the server or the user goes in as textContent, never as HTML.

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'className') {
      e.className = value;
    } else {
      e.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      e.append(child instanceof Node ? child : String(child));
    }
  }
  return e;
}

export const FINAL = new Set(['COMPLETED', 'FAILED', 'TIMEOUT', 'CANCELLED']);

/**
 * Percentage of URLs done (a TIMEOUT job stays below 100 %, and so does a running one: a job whose
 * documents are still read grows); an empty finished job is 100 %.
 */
export function percent(job) {
  if (job.total > 0) {
    const pct = Math.floor((100 * job.completed) / job.total);
    return FINAL.has(job.status) ? pct : Math.min(pct, 99);
  }
  return FINAL.has(job.status) ? 100 : 0;
}

/**
 * A progress bar: green for `ok`, amber for `notCached` (failed because the PoP did not keep the
 * object), red for the other `failed`, grey for the rest of `total`; `pct` is what aria-valuenow
 * says. Pass the bar back as `existing` to update it in place (its width animates).
 */
export function progressBar({ ok, notCached = 0, failed, total, pct, status, label }, existing) {
  const bar = existing || el('div', { className: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100 },
    el('div', { className: 'seg seg-ok' }), el('div', { className: 'seg seg-not-cached' }), el('div', { className: 'seg seg-fail' }),
    el('span', { className: 'label' }));
  const whole = Math.max(total, 1);
  bar.setAttribute('aria-valuenow', pct);
  bar.dataset.status = status;
  for (const [segment, count] of [['.seg-ok', ok], ['.seg-not-cached', notCached], ['.seg-fail', failed]]) {
    const seg = bar.querySelector(segment);
    seg.style.width = `${(100 * Math.max(count, 0)) / whole}%`;
    // one failure in thousands still shows
    seg.style.minWidth = segment !== '.seg-ok' && count > 0 ? '3px' : '0';
  }
  bar.querySelector('.label').textContent = label;
  return bar;
}

/** The bar of a job's URLs (GET /jobs counts; `failed` may be unknown for a job only known from GET /status). */
export function jobBar(job, existing) {
  const pct = percent(job);
  let failed = job.failed ?? 0;
  let ok = job.completed - failed;
  if (job.total === 0 && FINAL.has(job.status)) {
    // a request refused as a whole (FAILED with an error) has no URLs: a full red bar
    [ok, failed] = job.status === 'COMPLETED' ? [1, 0] : [0, 1];
  }
  const bar = progressBar({ ok, failed, total: job.total, pct, status: job.status,
    label: `${job.completed} / ${job.total} URLs · ${pct}%` }, existing);
  bar.classList.toggle('failures-unknown', job.failed === undefined);
  return bar;
}

export function badge(status, existing) {
  const b = existing || el('span');
  b.className = `badge status-${status}`;
  b.textContent = status.replace('_', ' ');
  return b;
}

export function when(epochMillis) {
  if (!epochMillis) {
    return '';
  }
  const d = new Date(epochMillis);
  const today = new Date().toDateString() === d.toDateString();
  return today ? d.toLocaleTimeString() : d.toLocaleString();
}

export function shortId(id) {
  return id.length > 13 ? `${id.substring(0, 8)}…` : id;
}
