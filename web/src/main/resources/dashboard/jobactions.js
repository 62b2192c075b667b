// What can be done with the selected job, and where it came from: a Cancel button while it runs,
// "Retry failed" once it ended with failed tasks, the job it retries (a link), when it was
// cancelled, and its webhook's delivery. Every answer that is not a success shows its message.
import { request, json } from './api.js';
import { FINAL, when } from './ui.js';

const $ = (id) => document.getElementById(id);

export class JobActions {
  /** `refresh()` updates the page now; `open(requestID, urls)` shows a new job. */
  constructor({ refresh, open }) {
    this.id = null;
    this.refresh = refresh;
    this.open = open;
    $('cancel-job').addEventListener('click', () => this.cancel());
    $('retry-job').addEventListener('click', () => this.retry());
  }

  show(id) {
    this.id = id;
    $('cancel-job').hidden = true;
    $('retry-job').hidden = true;
    $('job-origin').replaceChildren();
    $('job-origin').hidden = true;
    $('job-webhook').hidden = true;
    this.error('');
  }

  /** Buttons and lines for a status answer with `detail`. */
  update(s) {
    const detail = s.detail || {};
    const failed = detail.tasks ? detail.tasks.failed : 0;
    $('cancel-job').hidden = s.status !== 'IN_PROGRESS';
    $('retry-job').hidden = !(FINAL.has(s.status) && failed > 0 && !s.error);
    $('retry-job').textContent = `Retry failed (${failed})`;
    this.origin(detail);
    this.webhook(detail.webhook);
  }

  origin(detail) {
    const parts = [];
    if (detail.retryOf) {
      const link = document.createElement('a');
      link.href = `#job=${encodeURIComponent(detail.retryOf)}`;
      link.id = 'retry-of';
      link.textContent = detail.retryOf;
      parts.push('Retry of the failed tasks of job ', link);
    }
    if (detail.cancelledAt) {
      parts.push(`${parts.length ? ' · ' : ''}Cancelled ${when(detail.cancelledAt)}`);
    }
    const key = JSON.stringify([detail.retryOf, detail.cancelledAt]);
    if (key !== $('job-origin').dataset.key) {
      $('job-origin').dataset.key = key;
      $('job-origin').replaceChildren(...parts);
    }
    $('job-origin').hidden = parts.length === 0;
  }

  webhook(w) {
    const line = $('job-webhook');
    line.hidden = !w;
    if (!w) {
      return;
    }
    const facts = [`${w.attempts} attempt${w.attempts === 1 ? '' : 's'}`];
    if (w.state === 'DELIVERED') {
      facts.push(`delivered ${when(w.deliveredAt)}`);
    } else {
      if (w.lastStatus) {
        facts.push(`last answer HTTP ${w.lastStatus}`);
      }
      if (w.lastError) {
        facts.push(w.lastError);
      }
      if (w.state === 'PENDING' && w.nextAttemptAt) {
        facts.push(`next attempt ${when(w.nextAttemptAt)}`);
      }
    }
    line.className = `webhook webhook-${w.state}`;
    line.dataset.state = w.state;
    line.textContent = `Webhook ${w.state.replace('_', ' ')} to ${w.url} · ${facts.join(' · ')}`;
  }

  error(text) {
    $('job-error').textContent = text;
    $('job-error').hidden = !text;
  }

  async cancel() {
    const id = this.id;
    if (!window.confirm(`Cancel job ${id}? Its remaining tasks will not be warmed.`)) {
      return;
    }
    await this.call($('cancel-job'), `/prewarm?requestID=${encodeURIComponent(id)}`, 'DELETE', () => this.refresh());
  }

  async retry() {
    const id = this.id;
    await this.call($('retry-job'), `/prewarm/retry?requestID=${encodeURIComponent(id)}`, 'POST', (answer) => this.open(answer.requestID, answer.urls));
  }

  /** One call for job `this.id`; `then(answer)` on success, the server's message otherwise. */
  async call(button, path, method, then) {
    const id = this.id;
    this.error('');
    button.disabled = true;
    try {
      const response = await request(path, { method });
      const answer = await json(response);
      if (id !== this.id) {
        return;
      }
      if (!response.ok) {
        const retry = response.headers.get('Retry-After');
        this.error(`${response.status}: ${answer.message}${retry ? ` (retry after ${retry} s)` : ''}`);
        return;
      }
      then(answer);
    } catch (e) {
      this.error(`The server did not answer: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }
}
