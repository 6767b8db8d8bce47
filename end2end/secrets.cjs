// The secrets an end-to-end run sees, written one a line (`kind<TAB>value`)
// into a file that check-logs.mjs reads: session cookies, passwords typed
// into forms, and the tokens of single-use links and calendar feeds, as
// they pass the recording proxy or are read from the e-mails (mail.ts).
const { appendFileSync } = require('node:fs');

/** The token of an address of a single-use link or a calendar feed. */
function tokenIn(url) {
  const match = String(url).match(/\/(invitation|reinitialisation|reunions\/reponse|calendrier)\/([^/?#\s]+?)(?:\.ics)?(?:[?#\s]|$)/);
  return match ? [[`jeton ${match[1]}`, decodeURIComponent(match[2])]] : [];
}

/** Passwords posted in a form, and the tokens of its address. */
function secretsInRequest(url, headers, body) {
  const found = [...tokenIn(url)];
  const type = String(headers['content-type'] ?? '');
  if (type.startsWith('application/x-www-form-urlencoded') && body.length > 0) {
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) {
      if (/password|mot_de_passe|confirm/i.test(name) && value) found.push(['mot de passe', value]);
      if (/token|jeton/i.test(name) && value) found.push(['jeton de formulaire', value]);
    }
  }
  return found;
}

/** Session cookies the server sets. */
function secretsInResponse(headers) {
  const cookies = [].concat(headers['set-cookie'] ?? []);
  return cookies
    .map((cookie) => cookie.split(';')[0].split('='))
    .filter(([name, value]) => /session/i.test(name) && value)
    .map(([, value]) => ['cookie de session', value]);
}

function recordSecrets(file, secrets) {
  for (const [kind, value] of secrets) {
    // Short values (a field left at « 1 ») prove nothing and match anything.
    if (value.length >= 8) appendFileSync(file, `${kind}\t${value}\n`);
  }
}

module.exports = { tokenIn, secretsInRequest, secretsInResponse, recordSecrets };
