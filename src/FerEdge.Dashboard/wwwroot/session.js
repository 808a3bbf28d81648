// The page's login session with the robot: logging in, asking whether the session is still live, logging out.
// The session token sits in an HttpOnly cookie the page cannot read; the API hands it back only as the MQTT password.

/** Thrown when the robot answers 401: there is no live session (never logged in, logged out, or expired). */
export class SessionEnded extends Error {
  constructor(message = 'Your session has ended; please log in again') {
    super(message);
    this.name = 'SessionEnded';
  }
}

async function errorOf(response, fallback) {
  try {
    const body = await response.json();
    if (typeof body?.error === 'string' && body.error.length > 0) {
      return body.error;
    }
  } catch {
    // Not JSON: the fallback says enough.
  }

  return fallback;
}

/** The live session ({user, role, expires, mqtt: {username, password}}), or null when not logged in. */
export async function currentSession() {
  const response = await fetch('api/session', { cache: 'no-store', credentials: 'same-origin' });
  if (response.status === 401) {
    return null;
  }

  if (!response.ok) {
    throw new Error(`The robot could not say whether you are logged in (HTTP ${response.status})`);
  }

  return response.json();
}

/**
 * Logs in; returns the session, or throws an Error whose message is for the caregiver: wrong credentials, an account
 * that may not use the dashboard, or a lock-out after too many failures (with how long to wait).
 */
export async function logIn(user, password) {
  const response = await fetch('api/login', {
    method: 'POST',
    cache: 'no-store',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  if (response.ok) {
    return response.json();
  }

  switch (response.status) {
    case 401:
      throw new Error('Wrong user name or password');
    case 403:
      throw new Error(`Not allowed: ${await errorOf(response, 'this account may not use the dashboard')}`);
    case 429: {
      const seconds = Number(response.headers.get('Retry-After'));
      throw new Error(Number.isFinite(seconds) && seconds > 0
        ? `Too many failed attempts; try again in ${seconds} s`
        : 'Too many failed attempts; try again later');
    }
    default:
      throw new Error(`Login failed: ${await errorOf(response, `HTTP ${response.status}`)}`);
  }
}

/** Ends the session on the robot (and its cookie). Errors are swallowed: the page forgets the session regardless. */
export async function logOut() {
  try {
    await fetch('api/logout', { method: 'POST', cache: 'no-store', credentials: 'same-origin' });
  } catch {
    // The robot may be unreachable; the session then ends by itself when it expires.
  }
}
