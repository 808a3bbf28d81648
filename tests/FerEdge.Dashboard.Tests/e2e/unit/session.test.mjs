// The page's login calls against a stubbed fetch: what the caregiver is told for each answer of the robot, and
// which MQTT errors count as the broker refusing the session.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logIn, currentSession, SessionEnded } from '../../../../src/FerEdge.Dashboard/wwwroot/session.js';
import { isRefusal } from '../../../../src/FerEdge.Dashboard/wwwroot/connection.js';

function answer(status, body, headers = {}) {
  globalThis.fetch = async (url, init) => {
    answer.last = { url, init };
    return new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
  };
}

test('logIn_Success_PostsJsonAndReturnsTheSession', async () => {
  const session = { user: 'carol', role: 'caregiver', expires: '2026-12-03T18:00:00Z', mqtt: { username: 'carol', password: 't' } };
  answer(200, session);
  assert.deepEqual(await logIn('carol', 'secret'), session);
  assert.equal(answer.last.url, 'api/login');
  assert.equal(answer.last.init.method, 'POST');
  assert.equal(answer.last.init.headers['Content-Type'], 'application/json');
  assert.deepEqual(JSON.parse(answer.last.init.body), { user: 'carol', password: 'secret' });
});

test('logIn_Refused_ExplainsWrongPasswordRoleAndLockOut', async () => {
  answer(401, { error: 'wrong user name or password' });
  await assert.rejects(logIn('carol', 'x'), { message: 'Wrong user name or password' });
  answer(403, { error: 'a robot account may not use the dashboard; log in as a caregiver' });
  await assert.rejects(logIn('robbie', 'x'), { message: 'Not allowed: a robot account may not use the dashboard; log in as a caregiver' });
  answer(429, { error: 'too many' }, { 'Retry-After': '8' });
  await assert.rejects(logIn('carol', 'x'), { message: 'Too many failed attempts; try again in 8 s' });
  answer(503, { error: 'logins are not set up on this device' });
  await assert.rejects(logIn('carol', 'x'), { message: 'Login failed: logins are not set up on this device' });
});

test('currentSession_401_NullOtherFailuresThrow', async () => {
  answer(401, { error: 'not logged in' });
  assert.equal(await currentSession(), null);
  answer(500);
  await assert.rejects(currentSession(), /HTTP 500/);
  assert.ok(new SessionEnded() instanceof Error);
});

test('isRefusal_CredentialCodes_TrueNetworkErrors_False', () => {
  for (const code of [4, 5, 134, 135]) {
    assert.equal(isRefusal({ code }), true, `code ${code}`);
  }

  for (const error of [{ code: 'ECONNREFUSED' }, { code: 3 }, new Error('closed'), null, undefined]) {
    assert.equal(isRefusal(error), false, String(error?.code ?? error));
  }
});
