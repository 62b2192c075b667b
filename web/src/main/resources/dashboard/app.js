// The dashboard: submit form, recent jobs with live progress bars, and the selected job's view.
// It polls about once a second while any job it shows is running, every 5 s otherwise.
import { request, json, apiKey, askForKey } from './api.js';
import { el, jobBar, badge, when, shortId, FINAL } from './ui.js';
import { JobView } from './jobview.js';
import { setUpExpandForm, expandFields } from './expansion.js';

const REMEMBERED = 'prewarm.jobs';
const LIST_LIMIT = 20;
const BUSY_POLL_MS = 1000;
const IDLE_POLL_MS = 5000;
const TARGETS = {
  pop: ['PoPs', 'ATL56-C1 DFW55-C3', 'PoP ids, separated by spaces or commas; all = every region PoP.'],
  region: ['Regions', 'us eu', 'apac au ca eu jp sa us cn, or all.'],
  country: ['Countries', 'japan singapore',
    'india japan new_zealand australia malaysia china indonesia philippines singapore thailand vietnam south_korea, or all.'],
};
const $ = (id) => document.getElementById(id);
const view = new JobView({ refresh: () => kick(), open: (requestID, urls) => { remember(requestID, urls); select(requestID); } });
const rows = new Map();
const fromStatus = new Map();
let lastServerJobs = [];
let timer = null;
let running = false;
let again = false;

/** Jobs submitted from this browser, newest first: shown even before (or without) GET /jobs. */
function remembered() {
  try {
    const list = JSON.parse(localStorage.getItem(REMEMBERED));
    return Array.isArray(list) ? list : [];
  } catch (e) {
    return [];
  }
}

function remember(requestID, urls) {
  const list = remembered().filter((j) => j.requestID !== requestID);
  list.unshift({ requestID, createdAt: Date.now(), urls });
  localStorage.setItem(REMEMBERED, JSON.stringify(list.slice(0, 50)));
}

async function serverJobs() {
  try {
    const response = await request(`/jobs?limit=${LIST_LIMIT}`);
    const body = await json(response);
    if (!response.ok) {
      $('jobs-note').textContent = `The server's job list is unavailable (${body.message}); showing jobs submitted here.`;
      return lastServerJobs;
    }
    $('jobs-note').textContent = body.unanswered ? `Not listed: jobs of status instances ${body.unanswered.join(', ')} (no answer).` : '';
    lastServerJobs = body.jobs || [];
  } catch (e) {
    $('jobs-note').textContent = 'The server did not answer; retrying.';
  }
  return lastServerJobs;
}

/** A remembered job the server list does not show, from GET /status (its failed count is unknown there). */
async function statusOf(job) {
  const known = fromStatus.get(job.requestID);
  if (known && (FINAL.has(known.status) || known.status === 'GONE')) {
    return known;
  }
  const response = await request(`/status?requestID=${encodeURIComponent(job.requestID)}&limit=1`);
  const body = await json(response);
  let summary = known || { requestID: job.requestID, status: 'SUBMITTED', total: job.urls || 0, completed: 0, createdAt: job.createdAt };
  if (response.ok) {
    summary = { requestID: job.requestID, status: body.status, total: body.total, completed: body.completed, createdAt: job.createdAt };
  } else if (response.status === 404) {
    // known at once after POST /prewarm: a 404 is a job past retention (or of another deployment)
    summary = { ...summary, status: 'GONE' };
  }
  fromStatus.set(job.requestID, summary);
  return summary;
}

async function refreshJobs() {
  const jobs = new Map((await serverJobs()).map((j) => [j.requestID, j]));
  const oldestListed = jobs.size >= LIST_LIMIT ? Math.min(...[...jobs.values()].map((j) => j.createdAt)) : -Infinity;
  for (const job of remembered().slice(0, LIST_LIMIT)) {
    if (!jobs.has(job.requestID) && job.createdAt >= oldestListed) {
      jobs.set(job.requestID, await statusOf(job));
    }
  }
  const list = [...jobs.values()].sort((a, b) => b.createdAt - a.createdAt || a.requestID.localeCompare(b.requestID)).slice(0, LIST_LIMIT);
  renderJobs(list);
  return list.some((j) => !FINAL.has(j.status) && j.status !== 'GONE');
}

function renderJobs(list) {
  const tbody = $('jobs').tBodies[0];
  const shown = list.map((job) => {
    let row = rows.get(job.requestID);
    if (!row) {
      row = el('tr', { className: 'job', 'data-job': job.requestID, tabindex: 0 },
        el('td', {}, el('code', { title: job.requestID }, shortId(job.requestID))), el('td', { className: 'when' }),
        el('td', {}, el('span')), el('td', { className: 'progress-col' }));
      row.addEventListener('click', () => select(job.requestID));
      row.addEventListener('keydown', (e) => e.key === 'Enter' && select(job.requestID));
      rows.set(job.requestID, row);
    }
    row.cells[1].textContent = when(job.createdAt);
    row.cells[1].title = job.finishedAt ? `finished ${when(job.finishedAt)}` : '';
    badge(job.status, row.cells[2].firstChild);
    const bar = jobBar(job, row.cells[3].firstChild);
    if (!bar.isConnected) {
      row.cells[3].replaceChildren(bar);
    }
    row.classList.toggle('selected', job.requestID === view.id);
    return row;
  });
  tbody.replaceChildren(...shown);
  $('jobs-empty').hidden = shown.length > 0;
}

function select(id) {
  location.hash = `job=${encodeURIComponent(id)}`;
}

function selectFromHash() {
  const match = /^#job=(.+)$/.exec(location.hash);
  view.show(match ? decodeURIComponent(match[1]) : null);
  for (const [id, row] of rows) {
    row.classList.toggle('selected', id === view.id);
  }
  kick();
}

/** One round of updates; rounds never overlap, and a round asked for meanwhile runs right after. */
async function tick() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  clearTimeout(timer);
  let busy = false;
  try {
    busy = await refreshJobs();
    if (view.id) {
      busy = (await view.refresh()) || busy;
    }
    $('live').textContent = busy ? 'live: updating every second' : `idle: checking every ${IDLE_POLL_MS / 1000} s`;
  } catch (e) {
    $('live').textContent = `update failed (${e.message}); retrying`;
  } finally {
    running = false;
    timer = setTimeout(tick, again ? 0 : busy ? BUSY_POLL_MS : IDLE_POLL_MS);
    again = false;
  }
}

function kick() {
  clearTimeout(timer);
  timer = setTimeout(tick, 0);
}

function showTargets() {
  const [label, placeholder, hint] = TARGETS[$('target-type').value];
  $('targets-label').textContent = label;
  $('targets').placeholder = placeholder;
  $('targets-hint').textContent = hint;
}

async function submit(event) {
  event.preventDefault();
  const error = $('submit-error');
  error.hidden = true;
  const urls = $('urls').value.split('\n').map((u) => u.trim()).filter(Boolean);
  const targets = $('targets').value.trim();
  const body = {
    url_list: urls,
    target_type: $('target-type').value,
    region: targets.toLowerCase() === 'all' ? 'all' : targets.split(/[\s,]+/).filter(Boolean),
    protocol: $('protocol').value,
  };
  const cfDomain = $('cf-domain').value.trim();
  if (cfDomain) {
    body.cf_domain = cfDomain;
  }
  // what the box shows is what the job gets, whatever the server's PREWARM_VERIFY default
  body.verify = $('verify').checked;
  const maxRate = $('max-rate').value.trim();
  if (maxRate) {
    body.max_rate = Number(maxRate);
  }
  Object.assign(body, expandFields());
  $('submit').disabled = true;
  try {
    const response = await request('/prewarm', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await json(response);
    if (!response.ok) {
      const retry = response.headers.get('Retry-After');
      error.textContent = `${response.status}: ${answer.message}${retry ? ` (retry after ${retry} s)` : ''}`;
      error.hidden = false;
      return;
    }
    remember(answer.requestID, urls.length);
    select(answer.requestID);
  } catch (e) {
    error.textContent = `The server did not answer: ${e.message}`;
    error.hidden = false;
  } finally {
    $('submit').disabled = false;
  }
}

$('target-type').addEventListener('change', showTargets);
setUpExpandForm();
$('submit-form').addEventListener('submit', submit);
$('change-key').hidden = !apiKey();
$('change-key').addEventListener('click', () => askForKey('Enter the API key to use.').then(kick));
window.addEventListener('hashchange', selectFromHash);
showTargets();
selectFromHash();
