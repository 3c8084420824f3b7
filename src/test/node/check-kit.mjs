// What every Node SDK check script shares: its arguments, checks that count failures, expectations, Twirp refusals,
// the emulator's control API, and the final verdict (the line NodeSdkCheckTest looks for, and the exit code).
import { AccessToken, TwirpError } from 'livekit-server-sdk';

/** The LiveKit URL, API key and secret from the command line; usage and exit 2 when one is missing. */
export function connection(script) {
  const [url, key, secret] = process.argv.slice(2);
  if (!url || !key || !secret) {
    console.error(`usage: node ${script} <url> <api key> <api secret>`);
    process.exit(2);
  }
  return { url, key, secret };
}

let failures = 0;

export async function check(name, body) {
  try {
    await body();
    console.log('ok   ' + name);
  } catch (e) {
    failures++;
    console.log('FAIL ' + name + ': ' + (e && e.stack ? e.stack.split('\n').slice(0, 3).join(' | ') : e));
  }
}

export function expect(condition, what) {
  if (!condition) {
    throw new Error(what);
  }
}

/** The call must fail with this Twirp code and HTTP status (and message, when given); returns the error. */
export async function refused(call, code, status, message) {
  try {
    await call();
  } catch (e) {
    expect(e instanceof TwirpError, 'not a TwirpError: ' + e);
    expect(e.code === code, `code ${e.code}, expected ${code} (${e.message})`);
    expect(e.status === status, `status ${e.status}, expected ${status}`);
    if (message) {
      expect(e.message === message, `message "${e.message}", expected "${message}"`);
    }
    return e;
  }
  throw new Error('the call succeeded, expected ' + code);
}

/** POSTs to the emulator's control API with a roomAdmin token for {@code room}; returns its JSON answer. */
export async function control({ url, key, secret }, room, path, body) {
  const token = new AccessToken(key, secret);
  token.addGrant({ roomAdmin: true, room });
  const response = await fetch(url + path, {
    method: 'POST', body: JSON.stringify(body ?? {}),
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + (await token.toJwt()) },
  });
  const text = await response.text();
  expect(response.ok, `control ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : {};
}

export function finish() {
  console.log(failures === 0 ? 'all checks passed' : failures + ' check(s) failed');
  process.exit(failures === 0 ? 0 : 1);
}
