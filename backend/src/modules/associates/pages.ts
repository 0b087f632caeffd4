import { createHash } from 'node:crypto';
import { Hono } from 'hono';

/**
 * The pages a one-time link opens: choose a password (an invitation) or a new one (a reset).
 * Plain HTML with a little script: it reads the token from the URL's fragment (never sent to
 * a server, so it reaches no log or Referer), takes it out of the address bar, and posts it
 * with the new password to the API. Without a token, the reset page asks for a new link.
 */
const SCRIPT = `
const form = document.getElementById('set');
const ask = document.getElementById('ask');
const status = document.getElementById('status');
const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);
const say = (text, failed) => { status.textContent = text; status.dataset.failed = failed ? 'yes' : 'no'; status.focus(); };
const post = async (path, body) => {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { res, body: await res.json().catch(() => ({})) };
};
if (!token) {
  form.hidden = true;
  if (ask) ask.hidden = false;
  else say('This page opens from the link in your invitation. Ask the enterprise that invited you for a new one.', true);
}
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const password = form.password.value;
  if (password !== form.confirm.value) return say('The two passwords differ.', true);
  form.querySelector('button').disabled = true;
  try {
    const { res, body } = await post('/api/v1/associates/password/set', { token, password });
    if (res.ok) {
      form.hidden = true;
      return say('Your password is set. Sign in as ' + body.email + ' in the extension (agent mode).', false);
    }
    const issue = body.error && body.error.issues && body.error.issues.find((i) => i.path && i.path[0] === 'password');
    say(issue ? issue.message : (body.error && body.error.message) || 'Something went wrong; try again.', true);
    if (res.status === 410 || (body.error && body.error.code === 'link_invalid')) { form.hidden = true; if (ask) ask.hidden = false; }
  } catch { say('The server could not be reached; try again.', true); }
  form.querySelector('button').disabled = false;
});
if (ask) ask.addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const { res, body } = await post('/api/v1/associates/password/reset-request', { email: ask.email.value });
    say(res.ok ? body.message : (body.error && body.error.message) || 'Something went wrong; try again.', !res.ok);
  } catch { say('The server could not be reached; try again.', true); }
});
`;

const STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { max-width: 28rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5; }
label { display: block; margin-top: 1rem; font-weight: 600; }
input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; font: inherit; margin-top: .25rem; }
button { margin-top: 1.25rem; padding: .5rem 1rem; font: inherit; }
#status:not(:empty) { margin-top: 1.25rem; padding: .75rem; border-radius: .25rem; border: 1px solid; }
#status[data-failed="yes"] { border-color: #b3261e; }
.hint { font-size: .9rem; opacity: .8; margin: .25rem 0 0; }
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only this page's own script and style run; it talks only to this server; nothing frames it or learns where it came from. */
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': `default-src 'none'; script-src ${sha256(SCRIPT)}; style-src ${sha256(STYLE)}; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

function page(title: string, intro: string, withRequest: boolean): string {
  const request = withRequest
    ? `<form id="ask" hidden novalidate>
    <p>Enter your e-mail address: if it belongs to an associate account, a link to choose a new password is sent to it. The link works once, for 30 minutes.</p>
    <label for="email">E-mail address</label>
    <input id="email" name="email" type="email" autocomplete="email" required>
    <button type="submit">Send me a link</button>
  </form>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · Floorwalker</title>
<style>${STYLE}</style>
</head>
<body>
<main>
  <h1>${title}</h1>
  <form id="set" novalidate>
    <p>${intro}</p>
    <label for="password">New password</label>
    <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" maxlength="200" required aria-describedby="password-hint">
    <p class="hint" id="password-hint">At least 10 characters and 4 different ones, not your e-mail address.</p>
    <label for="confirm">The same again</label>
    <input id="confirm" name="confirm" type="password" autocomplete="new-password" required>
    <button type="submit">Set my password</button>
  </form>
  ${request}
  <p id="status" role="status" aria-live="polite" tabindex="-1"></p>
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const SET_PAGE = page('Choose your password', 'Only you will know it: the enterprise that invited you never sees it.', false);
const RESET_PAGE = page('Choose a new password', 'Setting it signs you out on every device.', true);

export function associatePages() {
  return new Hono().get('/set-password', (c) => c.body(SET_PAGE, 200, HEADERS)).get('/reset-password', (c) => c.body(RESET_PAGE, 200, HEADERS));
}
