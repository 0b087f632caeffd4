import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import { PASSWORD_RULES } from '../../../../shared/associates';

/**
 * The pages a one-time link opens: choose a password (an invitation) or a new one (a reset).
 * Plain HTML with a little script: it reads the token from the URL's fragment (never sent to
 * a server, so it reaches no log or Referer), takes it out of the address bar, and posts it
 * with the new password to the API. The page is in one state at a time (`body[data-state]`):
 * `form`, `done`, `expired`, `used` or `invalid` (the link), `missing` (no token), and on the
 * reset page `request` and `requested` (asking for a new link). Each element names the states
 * it shows in (`data-views`).
 */
const SCRIPT = `
const body = document.body;
const reset = body.dataset.page === 'reset';
const api = body.dataset.api;
const form = document.getElementById('set');
const ask = document.getElementById('ask');
const formError = document.getElementById('form-error');
const askError = document.getElementById('ask-error');
const token = new URLSearchParams(location.hash.slice(1)).get('token');
history.replaceState(null, '', location.pathname);
const show = (state, quietly) => {
  body.dataset.state = state;
  for (const el of document.querySelectorAll('[data-views]')) el.hidden = !el.dataset.views.split(' ').includes(state);
  // A new state is announced by moving to its heading (not on arrival: the page starts there).
  const heading = document.querySelector('[data-views~="' + state + '"] h1');
  if (heading && !quietly) heading.focus();
};
const fail = (where, text, field) => {
  where.textContent = text;
  for (const input of document.querySelectorAll('input')) input.removeAttribute('aria-invalid');
  if (field) field.setAttribute('aria-invalid', 'true');
  if (text) (field || where).focus();
};
const post = async (path, payload) => {
  const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
  return { res, body: await res.json().catch(() => ({})) };
};
const LINK_STATES = { link_expired: 'expired', link_used: 'used', link_invalid: 'invalid' };
const UNREACHABLE = 'The server could not be reached. Check your connection and try again.';
show(token ? 'form' : reset ? 'request' : 'missing', true);
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const password = form.password.value;
  if (password.length < 10) return fail(formError, 'The password must have at least 10 characters.', form.password);
  if (password !== form.confirm.value) return fail(formError, 'The two passwords differ. Type the same one twice.', form.confirm);
  fail(formError, '');
  const button = form.querySelector('button');
  button.disabled = true;
  button.textContent = 'Saving…';
  try {
    const { res, body: answer } = await post(api + '/password/set', { token, password });
    const error = answer.error || {};
    if (res.ok) {
      document.getElementById('done-email').textContent = answer.email;
      return show('done');
    }
    if (LINK_STATES[error.code]) return show(LINK_STATES[error.code]);
    const issue = (error.issues || []).find((i) => i.path && i.path[0] === 'password');
    if (issue) fail(formError, issue.message, form.password);
    else if (res.status === 429) fail(formError, 'Too many attempts from your network. Wait a minute and try again.');
    else fail(formError, error.message || 'Something went wrong. Try again.');
  } catch {
    fail(formError, UNREACHABLE);
  } finally {
    button.disabled = false;
    button.textContent = form.dataset.submit;
  }
});
if (ask) ask.addEventListener('submit', async (e) => {
  e.preventDefault();
  const email = ask.email.value.trim();
  if (!/^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$/.test(email)) return fail(askError, 'Enter the e-mail address you sign in with.', ask.email);
  fail(askError, '');
  try {
    const { res, body: answer } = await post(api + '/password/reset-request', { email });
    if (res.status === 429) return fail(askError, 'Too many requests from your network. Wait a minute and try again.');
    if (res.status === 400) return fail(askError, 'Enter the e-mail address you sign in with.', ask.email);
    document.getElementById('requested-email').textContent = email;
    show('requested');
  } catch {
    fail(askError, UNREACHABLE);
  }
});
`;

/** The product's look (the extension's ui.css): its colours, light and dark, its type and its buttons. */
const STYLE = `
:root {
  color-scheme: light dark;
  --bg: #f5f6f4; --surface: #ffffff; --text: #1c1f1e; --muted: #5a625f; --border: #d8ddda;
  --accent: #1d6b57; --accent-hover: #165444; --on-accent: #ffffff; --accent-soft: #e2f0eb;
  --warn: #a33b1f; --warn-soft: #fbeae5; --focus: #2a7fd4; --radius: 10px;
  font: 16px/1.55 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: var(--text); background: var(--bg);
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #141716; --surface: #1d2120; --text: #e7ebe9; --muted: #a4ada9; --border: #343b38;
    --accent: #5fc2a2; --accent-hover: #82d3b9; --on-accent: #0d211b; --accent-soft: #1c342d;
    --warn: #f29a80; --warn-soft: #3a231d; --focus: #7ab8f5;
  }
}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; }
[hidden] { display: none !important; }
.shell { max-width: 30rem; margin: 0 auto; padding: 3rem 1.25rem 4rem; }
.brand { display: flex; align-items: center; gap: .65rem; margin-bottom: 1.5rem; font-weight: 700; font-size: 1.15rem; letter-spacing: .01em; }
.brand svg { width: 36px; height: 36px; flex: none; }
.card { background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1.75rem 1.75rem 2rem; box-shadow: 0 1px 2px rgb(0 0 0 / .04), 0 8px 24px rgb(0 0 0 / .04); }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .5rem; outline: none; }
p { margin: 0 0 .9rem; }
.lead { color: var(--muted); margin-bottom: 1.5rem; }
label { display: block; font-weight: 600; margin: 1.1rem 0 .35rem; }
input { display: block; width: 100%; font: inherit; padding: .6rem .75rem; border-radius: 8px; border: 1.5px solid var(--border); background: var(--bg); color: var(--text); }
input:focus-visible, button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
input[aria-invalid="true"] { border-color: var(--warn); }
.hint { font-size: .875rem; color: var(--muted); margin: .4rem 0 0; }
.error:empty { margin: 0; }
.error:not(:empty) { margin: 1.1rem 0 0; padding: .6rem .8rem; border-radius: 8px; background: var(--warn-soft); color: var(--warn); font-weight: 500; }
button { font: inherit; font-weight: 600; width: 100%; margin-top: 1.5rem; padding: .7rem 1.1rem; border-radius: 8px; border: 1.5px solid var(--accent); background: var(--accent); color: var(--on-accent); cursor: pointer; }
button:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
button:disabled { opacity: .6; cursor: default; }
.badge { width: 2.75rem; height: 2.75rem; border-radius: 50%; display: grid; place-items: center; font-size: 1.4rem; font-weight: 700; margin-bottom: 1rem; background: var(--accent-soft); color: var(--accent); }
.badge.warn { background: var(--warn-soft); color: var(--warn); }
.next { background: var(--accent-soft); border-radius: 8px; padding: 1rem 1.1rem; margin-top: 1.25rem; }
.next strong { display: block; margin-bottom: .35rem; }
.next ol { margin: 0; padding-left: 1.2rem; }
.next li + li { margin-top: .3rem; }
.divider { border: 0; border-top: 1px solid var(--border); margin: 1.5rem 0 .25rem; }
footer { margin-top: 1.5rem; font-size: .875rem; color: var(--muted); text-align: center; }
`;

/** The product's mark (extension/assets/mark.svg), inline: no image request for the CSP to allow. */
const MARK = `<svg viewBox="0 0 128 128" aria-hidden="true"><rect x="4" y="4" width="120" height="120" rx="28" fill="#1d6b57"/><path d="M47 46 C47 22, 81 22, 81 46" fill="none" stroke="#fff" stroke-width="7" stroke-linecap="round"/><path d="M34 42 H94 L101 100 a9 9 0 0 1 -9 10 H36 a9 9 0 0 1 -9 -10 Z" fill="#fff"/><circle cx="47" cy="52" r="4" fill="#1d6b57"/><circle cx="81" cy="52" r="4" fill="#1d6b57"/><path d="M44 64 h40 a7 7 0 0 1 7 7 v14 a7 7 0 0 1 -7 7 h-21 l-11 9 v-9 h-8 a7 7 0 0 1 -7 -7 v-14 a7 7 0 0 1 7 -7 Z" fill="#1d6b57"/></svg>`;

/**
 * The console's own pages (a console user's invitation and reset) wear the console's look: its
 * tokens (extension/assets/tokens.css, the file the console builds with), its sign-in page's frame
 * (the mark, "Floorwalker console", the theme toggle over a narrow card) and the theme the user
 * chose in the console (localStorage `fw-console-theme`, the same origin), else the system's.
 */
const TOKENS = readFileSync(new URL('../../../../extension/assets/tokens.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').trim();

const CONSOLE_STYLE = `
${TOKENS}
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; }
[hidden] { display: none !important; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 .75rem; outline: none; }
p { margin: 0 0 .75em; }
a { color: var(--accent); text-underline-offset: 2px; }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.solo { min-height: 100vh; display: flex; flex-direction: column; align-items: center; padding: 1.5rem; }
.solo-head { width: 100%; max-width: 26rem; display: flex; justify-content: space-between; align-items: center; margin: 3rem 0 1.5rem; }
.brand { display: flex; align-items: center; gap: .75em; }
.brand svg { width: 28px; height: 28px; display: block; flex: none; }
.brand-name { font-weight: 700; font-size: 1.15rem; letter-spacing: .01em; }
.brand-tagline { color: var(--muted); font-size: .9rem; align-self: flex-end; margin-bottom: .1em; }
.card { width: 100%; max-width: 26rem; background: var(--surface); border: 1px solid var(--border); border-radius: var(--radius); padding: 1.25rem 1.4rem; }
.lead { color: var(--muted); }
form { display: flex; flex-direction: column; gap: .25rem; }
label { display: block; font-weight: 600; margin: .65rem 0 .1rem; }
input { display: block; width: 100%; font: inherit; padding: .5em .7em; border-radius: 8px; border: 1.5px solid var(--border); background: var(--bg); color: var(--text); }
input[aria-invalid="true"] { border-color: var(--warn); }
.hint { font-size: .875rem; color: var(--muted); margin: .25rem 0 0; }
.error:empty { margin: 0; }
.error:not(:empty) { margin: .75rem 0 0; color: var(--warn); font-weight: 500; }
button { font: inherit; font-weight: 600; display: inline-flex; align-items: center; justify-content: center; padding: .55em 1.1em; border-radius: 8px; border: 1.5px solid var(--border); background: var(--surface); color: var(--text); cursor: pointer; line-height: 1.3; }
button:hover { border-color: var(--muted); }
button[type="submit"] { align-self: flex-start; margin-top: 1rem; background: var(--accent); border-color: var(--accent); color: var(--on-accent); }
button[type="submit"]:hover { background: var(--accent-hover); border-color: var(--accent-hover); }
button:disabled { opacity: .6; cursor: default; }
.icon-button { width: 2.4rem; height: 2.4rem; padding: 0; border-radius: 50%; font-size: 1.1rem; }
.badge { width: 2.5rem; height: 2.5rem; border-radius: 50%; display: grid; place-items: center; font-size: 1.3rem; font-weight: 700; margin-bottom: .75rem; background: var(--accent-soft); color: var(--accent); }
.badge.warn { background: var(--warn-soft); color: var(--warn); }
.divider { border: 0; border-top: 1px solid var(--border); margin: 1.25rem 0 .25rem; }
footer { margin-top: 1.5rem; font-size: .875rem; color: var(--muted); text-align: center; }
`;

/** The console's theme on this page: the user's choice in the console, and the same toggle (system → the other → system). */
const THEME_SCRIPT = `
const THEME_KEY = 'fw-console-theme';
const root = document.documentElement;
const toggle = document.getElementById('theme');
const systemDark = () => matchMedia('(prefers-color-scheme: dark)').matches;
const stored = () => { try { const t = localStorage.getItem(THEME_KEY); return t === 'light' || t === 'dark' ? t : 'system'; } catch { return 'system'; } };
const shown = (choice) => (choice === 'system' ? (systemDark() ? 'dark' : 'light') : choice);
const apply = (choice) => {
  if (choice === 'system') delete root.dataset.theme; else root.dataset.theme = choice;
  const other = shown(choice) === 'dark' ? 'light' : 'dark';
  toggle.textContent = shown(choice) === 'dark' ? '\u2600' : '\u263E';
  toggle.setAttribute('aria-label', 'Use the ' + other + ' theme');
  toggle.title = 'Use the ' + other + ' theme';
};
apply(stored());
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => apply(stored()));
toggle.addEventListener('click', () => {
  const choice = stored();
  const next = choice === 'system' ? (systemDark() ? 'light' : 'dark') : 'system';
  try { if (next === 'system') localStorage.removeItem(THEME_KEY); else localStorage.setItem(THEME_KEY, next); } catch {}
  apply(next);
});
`;

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** Only this page's own script and style run; it talks only to this server; nothing frames it or learns where it came from. */
function headersFor(script: string, style: string) {
  return {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': `default-src 'none'; script-src ${sha256(script)}; style-src ${sha256(style)}; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'`,
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
}

const HEADERS = headersFor(SCRIPT, STYLE);
const CONSOLE_SCRIPT = `${THEME_SCRIPT}${SCRIPT}`;
const CONSOLE_HEADERS = headersFor(CONSOLE_SCRIPT, CONSOLE_STYLE);

type Purpose = 'invitation' | 'reset';

/** Whose password a page sets: an associate's (the extension signs in) or a console user's (the web console does). */
interface Audience {
  /** The API the page posts to: `<api>/password/set` and `<api>/password/reset-request`. */
  api: string;
  /** "an associate account", "a console account". */
  account: string;
  /** "an associate", "a console user". */
  holder: string;
  /** What to do once the password is set (HTML). */
  next: string;
  words: Record<Purpose, PageWords>;
  /** The console's look (its frame, tokens and theme toggle) rather than the extension's. */
  console?: boolean;
}

interface PageWords {
  title: string;
  intro: string;
  submit: string;
  done: string;
  expired: string;
  used: string;
  invalid: string;
}

const WORDS: Record<Purpose, PageWords> = {
  invitation: {
    title: 'Choose your password',
    intro: 'Only you will know it: the enterprise that invited you never sees it.',
    submit: 'Set my password',
    done: 'Your password is set',
    expired: 'Invitation links work for 7 days. Ask the enterprise that invited you to send a new invitation.',
    used: 'Your password was set with it already. Sign in with it in the Floorwalker extension; if you forgot it, choose “Forgot password?” on the sign-in form.',
    invalid: 'A newer invitation may have replaced it. Use the link in the latest invitation, or ask the enterprise that invited you for a new one.',
  },
  reset: {
    title: 'Choose a new password',
    intro: 'Setting it signs you out on every device.',
    submit: 'Set my new password',
    done: 'Your new password is set',
    expired: 'Reset links work for 30 minutes. Enter your e-mail address to get a new one.',
    used: 'A reset link works once. Enter your e-mail address to get a new one.',
    invalid: 'A newer link may have replaced it. Use the latest one, or enter your e-mail address to get a new one.',
  },
};

const LINK_STATES = 'expired used invalid';

function page(purpose: Purpose, audience: Audience = ASSOCIATES): string {
  const w = audience.words[purpose];
  const reset = purpose === 'reset';
  const request = reset
    ? `<form id="ask" novalidate data-views="request ${LINK_STATES}" hidden>
      <div data-views="request">
        <h1 tabindex="-1">Forgot your password?</h1>
        <p class="lead">Enter the e-mail address you sign in with. If it belongs to ${audience.account}, we send it a link to choose a new password. The link works once, for 30 minutes.</p>
      </div>
      <hr class="divider" data-views="${LINK_STATES}">
      <label for="email">E-mail address</label>
      <input id="email" name="email" type="email" autocomplete="email" required aria-describedby="ask-error">
      <p class="error" id="ask-error" role="alert" tabindex="-1"></p>
      <button type="submit">Send me a link</button>
    </form>
    <div data-views="requested" hidden>
      <div class="badge" aria-hidden="true">✓</div>
      <h1 tabindex="-1">Check your mail</h1>
      <p>If <strong id="requested-email"></strong> belongs to ${audience.holder}, we've sent a link to choose a new password. It works once, for 30 minutes.</p>
      <p class="hint">Nothing after a few minutes? Look in the spam folder, or ask again.</p>
    </div>`
    : `<div data-views="missing" hidden>
      <div class="badge warn" aria-hidden="true">!</div>
      <h1 tabindex="-1">Open the link from your invitation</h1>
      <p>This page works only from the link in your invitation e-mail (or the one the enterprise that invited you gave you). Open that link again, or ask them for a new one.</p>
    </div>`;
  const refused = (state: 'expired' | 'used' | 'invalid', heading: string) => `<div data-views="${state}" hidden>
      <div class="badge warn" aria-hidden="true">!</div>
      <h1 tabindex="-1">${heading}</h1>
      <p>${w[state]}</p>
    </div>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${w.title} · Floorwalker</title>
<style>${audience.console ? CONSOLE_STYLE : STYLE}</style>
</head>
<body data-page="${reset ? 'reset' : 'set'}" data-api="${audience.api}" data-state="loading">
${
  audience.console
    ? `<div class="solo">
  <header class="solo-head">
    <span class="brand">${MARK}<span class="brand-name">Floorwalker</span><span class="brand-tagline">console</span></span>
    <button type="button" id="theme" class="icon-button" aria-label="Use the dark theme" title="Use the dark theme"><span aria-hidden="true">\u263E</span></button>
  </header>
<main class="card">`
    : `<main class="shell">
  <div class="brand">${MARK}<span>Floorwalker</span></div>
  <section class="card">`
}
    <form id="set" novalidate data-views="form" data-submit="${w.submit}" hidden>
      <h1 tabindex="-1">${w.title}</h1>
      <p class="lead">${w.intro}</p>
      <label for="password">New password</label>
      <input id="password" name="password" type="password" autocomplete="new-password" minlength="10" maxlength="200" required aria-describedby="password-rules form-error">
      <p class="hint" id="password-rules">${PASSWORD_RULES}</p>
      <label for="confirm">New password again</label>
      <input id="confirm" name="confirm" type="password" autocomplete="new-password" maxlength="200" required aria-describedby="form-error">
      <p class="error" id="form-error" role="alert" tabindex="-1"></p>
      <button type="submit">${w.submit}</button>
    </form>
    <div data-views="done" hidden>
      <div class="badge" aria-hidden="true">✓</div>
      <h1 tabindex="-1">${w.done}</h1>
${audience.next}
    </div>
    ${refused('expired', 'This link has expired')}
    ${refused('used', 'This link was used already')}
    ${refused('invalid', 'This link is not valid')}
    ${request}
${audience.console ? '</main>\n</div>' : '  </section>\n  <footer>Floorwalker: live help from real sales associates.</footer>\n</main>'}
<script>${audience.console ? CONSOLE_SCRIPT : SCRIPT}</script>
</body>
</html>
`;
}

const ASSOCIATES: Audience = {
  api: '/api/v1/associates',
  account: 'an associate account',
  holder: 'an associate',
  next: `      <p>Open the Floorwalker extension and sign in as <strong id="done-email"></strong> with this password.</p>
      <div class="next">
        <strong>Open the Floorwalker extension and sign in</strong>
        <ol>
          <li>Click the Floorwalker icon in your browser's toolbar (or open the extension's settings).</li>
          <li>Choose “A sales associate (agent mode)”.</li>
          <li>Sign in with your e-mail address and the password you just chose.</li>
        </ol>
      </div>`,
  words: WORDS,
};

const CONSOLE: Audience = {
  console: true,
  api: '/api/v1/console',
  account: 'a console account',
  holder: 'a console user',
  next: `<p>Sign in to the Floorwalker console as <strong id="done-email"></strong> with this password: <a href="/console/">open the console</a>.</p>`,
  words: {
    invitation: { ...WORDS.invitation, intro: 'Only you will know it: whoever invited you never sees it.', used: 'Your password was set with it already. Sign in to the console with it; if you forgot it, choose “Forgot password?” there.', expired: 'Invitation links work for 7 days. Ask whoever invited you to send a new invitation.', invalid: 'A newer invitation may have replaced it. Use the link in the latest invitation, or ask whoever invited you for a new one.' },
    reset: { ...WORDS.reset, intro: 'Setting it signs you out of the console everywhere.' },
  },
};

const SET_PAGE = page('invitation');
const RESET_PAGE = page('reset');
const CONSOLE_SET_PAGE = page('invitation', CONSOLE);
const CONSOLE_RESET_PAGE = page('reset', CONSOLE);

export function associatePages() {
  return new Hono().get('/set-password', (c) => c.body(SET_PAGE, 200, HEADERS)).get('/reset-password', (c) => c.body(RESET_PAGE, 200, HEADERS));
}

/** The same pages for console users (their links: console/service.ts). */
export function consolePages() {
  return new Hono().get('/set-password', (c) => c.body(CONSOLE_SET_PAGE, 200, CONSOLE_HEADERS)).get('/reset-password', (c) => c.body(CONSOLE_RESET_PAGE, 200, CONSOLE_HEADERS));
}
