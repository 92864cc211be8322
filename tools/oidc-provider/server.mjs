// A local OpenID Connect provider for Broadsheet's demo and browser tests.
//
// It is the certified `oidc-provider` package with one confidential client (the site) and a
// plain login page where you type any username (or pick a demo reader), then a consent page.
// It issues real authorization codes, access tokens and RS256-signed ID tokens; the signing
// key is made fresh at every start, so nothing secret lives in the repository.
//
//   node server.mjs --port 9010 --client-id broadsheet --client-secret s3cret \
//     --redirect-uri http://127.0.0.1:8000/accounts/oidc/local/login/callback/
//
// It binds to 127.0.0.1 only. Not for production: any username logs in.

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '9010' },
    host: { type: 'string', default: '127.0.0.1' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    // Repeatable, or comma-separated.
    'redirect-uri': { type: 'string', multiple: true },
  },
});

function fail(message) {
  process.stderr.write(`oidc-provider: ${message}\n`);
  process.exit(2);
}

const port = Number.parseInt(args.port, 10);
if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`bad --port ${args.port}`);
if (!args['client-id'] || !args['client-secret']) fail('--client-id and --client-secret are required');
const redirectUris = (args['redirect-uri'] || []).flatMap((value) => value.split(',')).filter(Boolean);
if (redirectUris.length === 0) fail('at least one --redirect-uri is required');

const issuer = `http://${args.host}:${port}`;

// Demo readers. Any other username also logs in, with claims made from the username.
const DEMO_ACCOUNTS = {
  minji: { name: 'Kim Min-ji', email: 'minji@example.org' },
  daniel: { name: 'Daniel Park', email: 'daniel@example.org' },
  noemail: { name: 'Reader Without E-mail', email: null },
};
const USERNAME = /^[A-Za-z0-9._-]{1,40}$/;

function claimsFor(accountId) {
  const known = DEMO_ACCOUNTS[accountId];
  const email = known ? known.email : `${accountId}@example.org`;
  const claims = {
    sub: accountId,
    name: known ? known.name : accountId,
    preferred_username: accountId,
  };
  if (email) Object.assign(claims, { email, email_verified: true });
  return claims;
}

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };

const provider = new Provider(issuer, {
  clients: [{
    client_id: args['client-id'],
    client_secret: args['client-secret'],
    redirect_uris: redirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username'],
    email: ['email', 'email_verified'],
  },
  scopes: ['openid', 'profile', 'email'],
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  async findAccount(ctx, accountId) {
    if (!USERNAME.test(accountId)) return undefined;
    return { accountId, claims: async () => claimsFor(accountId) };
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Sign-in error', `<p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description || '')}</p>`);
  },
});

function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function page(title, body) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — Local OpenID Connect provider</title></head>
<body><main><h1>${escapeHtml(title)}</h1>
<p><small>Local OpenID Connect provider for Broadsheet's demo (${escapeHtml(issuer)}). Any username logs in.</small></p>
${body}</main></body></html>`;
}

function loginPage(uid, hint, error) {
  const accounts = Object.entries(DEMO_ACCOUNTS)
    .map(([id, a]) => `<li><button type="submit" name="login" value="${id}">${escapeHtml(a.name)} (${id})</button></li>`)
    .join('');
  return page('Sign in', `
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
  <label for="login">Username</label>
  <input id="login" name="login" required autocomplete="username" pattern="[A-Za-z0-9._\\-]{1,40}" value="${escapeHtml(hint || '')}">
  <button type="submit" id="sign-in">Sign in</button>
</form>
<form method="post" action="/interaction/${uid}/login"><p>Or a demo reader:</p><ul>${accounts}</ul></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`);
}

function consentPage(uid, clientId, scopes) {
  const items = scopes.map((s) => `<li>${escapeHtml(s)}</li>`).join('');
  return page('Allow access', `
<p>${escapeHtml(clientId)} asks to receive:</p><ul>${items}</ul>
<form method="post" action="/interaction/${uid}/confirm"><button type="submit" id="allow">Allow</button></form>
<form method="post" action="/interaction/${uid}/abort"><button type="submit">Cancel</button></form>`);
}

async function readForm(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 10_000) throw new Error('form too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

async function interaction(req, res, uid, action) {
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('Error', '<p>This sign-in has expired.</p>'));
  const { prompt, params, session } = details;

  if (req.method === 'GET') {
    if (prompt.name === 'login') return send(res, 200, loginPage(uid, params.login_hint));
    const scopes = String(params.scope || '').split(' ').filter((s) => s && s !== 'openid');
    return send(res, 200, consentPage(uid, params.client_id, scopes));
  }
  if (req.method !== 'POST') return send(res, 405, page('Error', '<p>Method not allowed.</p>'));

  const form = await readForm(req);
  if (action === 'abort') {
    return provider.interactionFinished(req, res, {
      error: 'access_denied', error_description: 'The reader cancelled the sign-in.',
    }, { mergeWithLastSubmission: false });
  }
  if (action === 'login' && prompt.name === 'login') {
    const login = (form.get('login') || '').trim();
    if (!USERNAME.test(login)) {
      return send(res, 400, loginPage(uid, login, 'Use 1 to 40 letters, digits, dots, dashes or underscores.'));
    }
    return provider.interactionFinished(req, res, { login: { accountId: login } },
      { mergeWithLastSubmission: false });
  }
  if (action === 'confirm' && prompt.name === 'consent') {
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    const missing = prompt.details;
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } },
      { mergeWithLastSubmission: true });
  }
  return send(res, 400, page('Error', '<p>Unexpected step; start the sign-in again.</p>'));
}

const oidc = provider.callback();
const INTERACTION = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|confirm|abort))?$/;

const server = createServer(async (req, res) => {
  const { pathname } = new URL(req.url, issuer);
  if (pathname === '/favicon.ico') {
    res.writeHead(204, { 'cache-control': 'max-age=86400' });
    return res.end();
  }
  const match = INTERACTION.exec(pathname);
  if (!match) return oidc(req, res);
  try {
    await interaction(req, res, match[1], match[2]);
  } catch (error) {
    const expired = error && error.name === 'SessionNotFound';
    send(res, expired ? 400 : 500, page('Error', `<p>${escapeHtml(expired ? 'This sign-in has expired; start again.' : error.message)}</p>`));
  }
});

server.listen(port, args.host, () => {
  process.stdout.write(`oidc-provider: listening on ${issuer} for client ${args['client-id']}\n`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
