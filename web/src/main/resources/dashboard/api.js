// Talking to the API: every call carries the API key when one was given, and a 403 asks the
// user for a key once (kept in sessionStorage for this tab) and retries.
const KEY = 'prewarm.apiKey';
let asking = null;

export function apiKey() {
  return sessionStorage.getItem(KEY);
}

export async function request(path, options = {}) {
  for (;;) {
    const headers = new Headers(options.headers || {});
    const key = apiKey();
    if (key) {
      headers.set('x-api-key', key);
    }
    const response = await fetch(path, { ...options, headers });
    if (response.status !== 403) {
      return response;
    }
    if (key && apiKey() === key) {
      sessionStorage.removeItem(KEY);
    }
    await askForKey(key ? 'That API key was refused; enter a valid one.' : 'This Prewarm needs an API key.');
  }
}

/** The JSON body of a response, or {message} when it is not JSON. */
export async function json(response) {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch (e) {
    return { message: text || `HTTP ${response.status}` };
  }
}

export function askForKey(why) {
  if (asking) {
    return asking;
  }
  const dialog = document.getElementById('key-dialog');
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  document.getElementById('key-why').textContent = why;
  input.value = '';
  asking = new Promise((resolve) => {
    form.onsubmit = (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (!value) {
        return;
      }
      sessionStorage.setItem(KEY, value);
      dialog.close();
      asking = null;
      document.getElementById('change-key').hidden = false;
      resolve();
    };
  });
  // The key is needed to go on: Escape does not close the dialog.
  dialog.oncancel = (event) => event.preventDefault();
  dialog.showModal();
  input.focus();
  return asking;
}

/** RFC 4180 CSV (as GET /report writes it) into rows of fields. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A report field as written before the report guarded it against spreadsheet formulas. */
export function unguard(field) {
  return field.length > 1 && field[0] === "'" && '=+-@\t\r'.includes(field[1]) ? field.substring(1) : field;
}

/** Downloads the CSV report; with an API key it must go through fetch, since a plain link cannot send the header. */
export async function downloadReport(requestID) {
  const response = await request(`/report?requestID=${encodeURIComponent(requestID)}`);
  if (!response.ok) {
    throw new Error((await json(response)).message);
  }
  const url = URL.createObjectURL(await response.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `prewarm-${requestID}.csv`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
