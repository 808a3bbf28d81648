// The dashboard's entry point: shows the login form until a caregiver logs in, then reads the host's configuration,
// connects to the broker with the session's credentials and renders on a timer: one device's page, or the fleet's
// overview when the configuration names no device. Logging out, an expired session or
// the broker refusing the login removes the whole live dashboard and shows the login form again.

import { loadConfig, connect, sendCommand } from './connection.js';
import { currentSession, logIn, logOut, SessionEnded } from './session.js';
import { DashboardModel } from './model.js';
import { LoginView } from './login-view.js';
import { StatusView } from './status-view.js';
import { EmotionView } from './emotion-view.js';
import { FaceView } from './face-view.js';
import { TimelineView } from './timeline-view.js';
import { AlertsView } from './alerts-view.js';
import { CorrectionsView } from './corrections-view.js';
import { FleetModel } from './fleet.js';
import { OverviewView } from './overview-view.js';
import { setText } from './dom.js';

// Rendering runs on a timer rather than per message: emotions arrive at up to 15/s, and a caregiver's glance needs
// a few updates a second at most. The timeline redraws less often still.
const RENDER_MS = 250;
const TIMELINE_MS = 1000;
// How often the page asks whether its session is still live (a logout in another tab ends it too).
const SESSION_CHECK_MS = 60000;

const TITLE = document.title;
const EXPIRED = 'Your session has expired; please log in again';

const page = {
  device: document.querySelector('.device'),
  account: document.querySelector('.account'),
  accountUser: document.querySelector('.account-user'),
  statusSlot: document.querySelector('.status-slot'),
  dashboard: document.querySelector('#dashboard'),
};

/** The running dashboard of one login, or null while nobody is logged in. */
let live = null;

/**
 * One device's cards (right now with its corrections, why, timeline, alerts) stamped from the dashboard template into
 * container, bound to model; send(command, args) sends a command to that device. Returns render(health, nowMs).
 */
function deviceCards(container, config, model, now, onChange, send) {
  container.replaceChildren(document.querySelector('#dashboard-template').content.cloneNode(true));
  const emotion = new EmotionView(container.querySelector('#emotion'));
  const face = new FaceView(container.querySelector('#why'));
  const timeline = new TimelineView(container.querySelector('#history'), config.timeline_seconds * 1000);
  const alerts = new AlertsView(container.querySelector('#alerts'), container.querySelector('#alert-history'), (id) => {
    model.alerts.acknowledge(id, now());
    onChange();
  });
  const corrections = new CorrectionsView(container.querySelector('#corrections'), send);
  let lastTimeline = 0;
  return (health, t) => {
    emotion.render(health, model, t);
    face.render(health, model);
    alerts.render(model.alerts, t);
    corrections.render(model);
    if (t - lastTimeline >= TIMELINE_MS) {
      lastTimeline = t;
      timeline.render(model, t);
    }
  };
}

/** The page of one device, as served by the device itself: { model, render }. send(root, command, args) sends commands. */
function deviceScreen(config, now, send) {
  const model = new DashboardModel(config);
  const status = new StatusView(document.querySelector('#status'));
  page.device.textContent = config.device;
  let cards = null;
  const render = () => {
    const t = now();
    const health = model.tick(t);
    status.render(health, model, t);
    cards(health, t);
  };
  cards = deviceCards(page.dashboard, config, model, now, render, (command, args) => send(config.mqtt.topic_root, command, args));
  return { model, render };
}

/**
 * The fleet's overview: every device on the broker, and one device's cards while it is open. The status pill tells
 * the page's own connection on the overview and the open device's health in its detail view. { model, render }.
 */
function fleetScreen(config, now, send) {
  const model = new FleetModel(config);
  page.dashboard.replaceChildren(document.querySelector('#overview-template').content.cloneNode(true));
  const overviewNode = page.dashboard.querySelector('#overview');
  const detailNode = page.dashboard.querySelector('#detail');
  const detailSlot = detailNode.querySelector('.detail-slot');
  const status = new StatusView(document.querySelector('#status'));
  page.device.textContent = 'All robots';
  let open = null;
  const overview = new OverviewView(overviewNode, (id) => {
    const device = model.get(id);
    if (device) {
      const commands = (command, args) => send(`${config.mqtt.topic_root}${id}/`, command, args);
      open = { id, device, render: deviceCards(detailSlot, config, device, now, render, commands) };
      overviewNode.hidden = true;
      detailNode.hidden = false;
      render();
      window.scrollTo(0, 0);
    }
  }, (id, alertId) => {
    model.get(id)?.alerts.acknowledge(alertId, now());
    render();
  });
  detailNode.querySelector('#back').addEventListener('click', () => {
    open = null;
    detailSlot.replaceChildren();
    detailNode.hidden = true;
    overviewNode.hidden = false;
    render();
  });

  function render() {
    const t = now();
    const rows = model.tick(t);
    overview.render(rows, t);
    const row = open && rows.find((r) => r.id === open.id);
    if (row) {
      setText(detailNode.querySelector('.detail-title'), row.name);
      status.render(row.health, row.model, t);
      open.render(row.health, t);
    } else {
      const health = model.connection === 'connected' ? 'online' : model.connection;
      status.render(health, model, t);
      if (health === 'online') {
        setText(status.text, 'Connected');
        setText(status.detail, `${rows.length} robot${rows.length === 1 ? '' : 's'}, ${rows.filter((r) => r.state === 'online').length} online`);
      }
    }

    // An alert on any robot shows on the overview, in the tab's title and as the page's alert colour.
    const alerting = rows.some((r) => r.alerts.some((a) => a.endedMs == null));
    document.body.classList.toggle('alerting', alerting);
    const title = alerting ? `Alert · ${TITLE}` : TITLE;
    if (document.title !== title) {
      document.title = title;
    }
  }

  return { model, render };
}

/**
 * Builds the dashboard from its templates for one session and config, connects and starts rendering.
 * onEnd(message) is called when the session is found to have ended. Returns { stop }, which closes the MQTT client,
 * stops every timer and removes every node it added.
 */
function start(session, config, onEnd) {
  const now = () => Date.now();
  page.statusSlot.replaceChildren(document.querySelector('#status-template').content.cloneNode(true));
  page.accountUser.textContent = session.user;
  page.account.hidden = false;
  let client = null;
  const send = (root, command, args) => client && sendCommand(client, root, command, args);
  const { model, render } = config.device ? deviceScreen(config, now, send) : fleetScreen(config, now, send);

  async function checkSession() {
    try {
      if (!(await currentSession())) {
        onEnd(EXPIRED);
      }
    } catch {
      // The robot is unreachable: the status pill says so, and the broker refuses the token once it has expired.
    }
  }

  const timers = [setInterval(render, RENDER_MS), setInterval(checkSession, SESSION_CHECK_MS)];
  const expiresInMs = Date.parse(session.expires) - now();
  const expiry = setTimeout(checkSession, Math.min(Math.max(0, expiresInMs) + 1000, 2 ** 31 - 1));
  function stop() {
    timers.forEach(clearInterval);
    clearTimeout(expiry);
    client?.end(true);
    client = null;
    page.dashboard.replaceChildren();
    page.statusSlot.replaceChildren();
    page.device.textContent = '';
    page.accountUser.textContent = '';
    page.account.hidden = true;
    document.body.classList.remove('alerting');
    document.title = TITLE;
  }

  try {
    client = connect(config, model, now, session.mqtt, async () => {
      // Refused by the broker: an ended session, or a login the broker does not accept for this robot.
      let still = null;
      try {
        still = await currentSession();
      } catch {
        // Unknown: treat as ended; logging in again settles it.
      }

      if (still) {
        await logOut();
      }

      onEnd(still ? 'The robot refused this login; please log in again' : EXPIRED);
    });
  } catch (error) {
    stop();
    throw error;
  }

  render();
  return { stop };
}

/** Stops the running dashboard (if any) and shows the login form with an optional message. */
function end(message, options) {
  live?.stop();
  live = null;
  login.show(message, options);
}

async function begin(session) {
  live?.stop();
  live = null;
  const config = await loadConfig();
  login.hide();
  live = start(session, config, (message) => end(message));
}

const login = new LoginView(document.querySelector('#login'), async (user, password) => {
  const session = await logIn(user, password);
  try {
    await begin(session);
  } catch (error) {
    await logOut();
    throw error;
  }
});

document.querySelector('#logout').addEventListener('click', async () => {
  // Clear the page first: whatever the robot answers, nothing about the person stays on screen.
  end('You have logged out', { notice: true });
  await logOut();
});

async function main() {
  const session = await currentSession();
  if (!session) {
    login.show();
    return;
  }

  await begin(session);
}

main().catch((error) => {
  end(error instanceof SessionEnded ? EXPIRED : `Dashboard error: ${String(error?.message ?? error)}`);
});
