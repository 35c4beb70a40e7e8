/**
 * `GET /`: one static page, plain JavaScript, that uses the module the way a browser app should:
 * cookies only (it never reads a token), the CSRF token echoed on unsafe requests, and a silent
 * refresh when the access token has expired. It also enrols TOTP (the secret and its otpauth://
 * URI shown as text: a real page would draw the URI as a QR code) and takes the second step of a
 * login that answers `mfaRequired`.
 */
export const DEMO_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>nest-jwt-auth demo</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.4 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1d2430; }
  h1 { font-size: 1.4rem; } section { border: 1px solid #d7dce3; border-radius: 8px; padding: .8rem 1rem; margin: .8rem 0; }
  button { margin: .2rem .3rem .2rem 0; padding: .35rem .8rem; border-radius: 6px; border: 1px solid #8a94a6; background: #f4f6f9; cursor: pointer; }
  pre { background: #f4f6f9; padding: .5rem; border-radius: 6px; white-space: pre-wrap; margin: .4rem 0; }
  .muted { color: #5d6778; } .ok { color: #0a7a3d; } .bad { color: #b3261e; }
  input { padding: .3rem .5rem; border-radius: 6px; border: 1px solid #8a94a6; width: 11rem; }
  table { border-collapse: collapse; width: 100%; } td, th { text-align: left; padding: .25rem .4rem; border-bottom: 1px solid #e3e7ed; }
</style>
</head>
<body>
<h1>nest-jwt-auth demo</h1>
<p class="muted">Cookies only: this page never reads a token. Unsafe requests carry the
<code>csrf_token</code> cookie in <code>X-CSRF-Token</code>; an expired access token is refreshed silently.</p>

<section id="login-box">
  <strong>Log in as</strong>
  <button id="login-alice">alice (admin)</button>
  <button id="login-bob">bob</button>
</section>

<section id="mfa-box" hidden>
  <strong>Second step</strong>: the 6-digit code of your authenticator app, or a recovery code.
  <div><input id="mfa-code" autocomplete="one-time-code" placeholder="123456"> <button id="mfa-submit">Verify</button></div>
</section>

<section id="session-box" hidden>
  <div>Signed in as <strong id="who"></strong> <span class="muted" id="roles"></span></div>
  <div class="muted">Access token expires in <span id="countdown">?</span>; silent refreshes: <span id="refreshes">0</span></div>
  <div>
    <button id="me">GET /me</button>
    <button id="admin">GET /admin</button>
    <button id="sessions">List sessions</button>
    <button id="logout">Log out</button>
  </div>
  <div>
    <button id="totp-enrol">Set up TOTP</button>
    <input id="totp-code" autocomplete="one-time-code" placeholder="code from the app">
    <button id="totp-confirm">Confirm TOTP</button>
    <button id="totp-disable">Remove TOTP</button>
  </div>
  <pre id="totp-secret" hidden></pre>
  <table id="session-table" hidden><thead><tr><th>session</th><th>created</th><th>user agent</th><th></th></tr></thead><tbody></tbody></table>
</section>

<section>
  <strong>Last answer</strong>
  <pre id="output">Not logged in.</pre>
</section>

<script>
const $ = (id) => document.getElementById(id);
let expiresAt = 0;
let refreshes = 0;
let mfaToken = '';

// With Secure cookies (production) the server names it __Host-csrf_token.
function csrfToken() {
  const match = document.cookie.match(/(?:^|; )(?:__Host-)?csrf_token=([^;]*)/);
  return match ? decodeURIComponent(match[1]) : '';
}

function show(status, body) {
  $('output').textContent = status + ' ' + JSON.stringify(body, null, 2);
  $('output').className = status < 400 ? 'ok' : 'bad';
}

async function call(method, path, body) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken();
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/** Calls the API; on 401 token_expired, refreshes the session once and tries again. */
async function api(method, path, body) {
  let answer = await call(method, path, body);
  if (answer.status === 401 && answer.body && answer.body.code === 'token_expired') {
    const refreshed = await call('POST', '/auth/refresh', {});
    if (refreshed.status === 200) {
      refreshes += 1;
      $('refreshes').textContent = String(refreshes);
      expiresAt = Date.now() + refreshed.body.expiresIn * 1000;
      answer = await call(method, path, body);
    } else {
      answer = refreshed;
    }
  }
  show(answer.status, answer.body);
  // A wrong code (mfa_code_invalid) leaves the session as it was.
  const code = answer.body && answer.body.code;
  if (answer.status === 401 && !String(code).startsWith('mfa_')) signedOut();
  return answer;
}

function signedOut() {
  $('login-box').hidden = false;
  $('mfa-box').hidden = true;
  $('totp-secret').hidden = true;
  $('session-box').hidden = true;
  $('session-table').hidden = true;
}

async function signedIn() {
  const me = await api('GET', '/me');
  if (me.status !== 200) return;
  $('who').textContent = me.body.username;
  $('roles').textContent = '(' + me.body.roles.join(', ') + ')';
  $('login-box').hidden = true;
  $('mfa-box').hidden = true;
  $('session-box').hidden = false;
}

async function login(username, password) {
  const answer = await call('POST', '/auth/login', { username, password });
  show(answer.status, answer.body);
  if (answer.status !== 200) return;
  if (answer.body.mfaRequired) {
    // Half a login: no cookie yet. The second step trades the mfaToken and a code for them.
    mfaToken = answer.body.mfaToken;
    $('login-box').hidden = true;
    $('mfa-box').hidden = false;
    $('mfa-code').focus();
    return;
  }
  expiresAt = Date.now() + answer.body.expiresIn * 1000;
  await signedIn();
}

/** A code is 6 digits; anything else is taken for a recovery code. */
function proofOf(value) {
  const text = value.trim();
  return /^\\d{6}$/.test(text) ? { code: text } : { recoveryCode: text };
}

async function secondStep() {
  const answer = await call('POST', '/auth/mfa', { mfaToken, ...proofOf($('mfa-code').value) });
  show(answer.status, answer.body);
  $('mfa-code').value = '';
  if (answer.status === 401 && answer.body.code === 'mfa_token_invalid') signedOut();
  if (answer.status !== 200) return;
  expiresAt = Date.now() + answer.body.expiresIn * 1000;
  await signedIn();
}

async function enrolTotp() {
  const answer = await api('POST', '/auth/mfa/totp', {});
  if (answer.status !== 200) return;
  $('totp-secret').textContent = 'Secret: ' + answer.body.secret + '\\n' + answer.body.uri;
  $('totp-secret').hidden = false;
}

async function listSessions() {
  const answer = await api('GET', '/auth/sessions');
  if (answer.status !== 200) return;
  const rows = $('session-table').querySelector('tbody');
  rows.innerHTML = '';
  for (const session of answer.body) {
    const row = rows.insertRow();
    row.insertCell().textContent = session.id.slice(0, 8) + (session.current ? ' (this one)' : '');
    row.insertCell().textContent = new Date(session.createdAt).toLocaleTimeString();
    row.insertCell().textContent = (session.metadata && session.metadata.userAgent || '').slice(0, 40);
    const end = document.createElement('button');
    end.textContent = 'End';
    end.onclick = async () => { await api('DELETE', '/auth/sessions/' + session.id); await listSessions(); };
    row.insertCell().appendChild(end);
  }
  $('session-table').hidden = false;
}

$('login-alice').onclick = () => login('alice', 'wonderland');
$('login-bob').onclick = () => login('bob', 'builder');
$('me').onclick = () => api('GET', '/me');
$('admin').onclick = () => api('GET', '/admin');
$('sessions').onclick = listSessions;
$('mfa-submit').onclick = secondStep;
$('totp-enrol').onclick = enrolTotp;
$('totp-confirm').onclick = () => api('POST', '/auth/mfa/totp/confirm', { code: $('totp-code').value.trim() });
$('totp-disable').onclick = () => api('POST', '/auth/mfa/totp/disable', proofOf($('totp-code').value));
$('logout').onclick = async () => {
  const answer = await call('POST', '/auth/logout', {});
  show(answer.status, answer.body ?? 'logged out');
  signedOut();
};
setInterval(() => {
  const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
  $('countdown').textContent = left + ' s';
}, 250);
// A reload keeps the session: the cookies are still there.
signedIn().catch(() => undefined);
</script>
</body>
</html>
`;
