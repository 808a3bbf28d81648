// The page's MQTT connection: where to connect (from /api/config), and turning MQTT events into model updates.
// mqtt.js (served by the host as mqtt.min.js, global "mqtt") reconnects by itself after a drop.

import { SessionEnded } from './session.js';
import { FLEET_TOPICS } from './fleet.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Fetches the host's /api/config; throws SessionEnded on 401, and with a readable message when it cannot. */
export async function loadConfig() {
  const response = await fetch('api/config', { cache: 'no-store', credentials: 'same-origin' });
  if (response.status === 401) {
    throw new SessionEnded();
  }

  if (!response.ok) {
    throw new Error(`The robot's dashboard settings could not be read (HTTP ${response.status})`);
  }

  return response.json();
}

/**
 * The broker's WebSocket URL: the external broker's URL from the config (its loopback host replaced by the page's
 * host, so a broker on the robot is reached from the tablet), or the page's own host with the given port and path.
 */
export function brokerUrl(config, location) {
  const mqtt = config.mqtt;
  if (mqtt.ws_url) {
    const url = new URL(mqtt.ws_url);
    if (LOOPBACK.has(url.hostname) && !LOOPBACK.has(location.hostname)) {
      url.hostname = location.hostname;
    }

    return url.toString();
  }

  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.hostname}:${mqtt.ws_port}${mqtt.ws_path}`;
}

// CONNACK codes that mean "these credentials are refused": 4 and 5 in MQTT 3.1.1, 134 and 135 in MQTT 5.
const REFUSED = new Set([4, 5, 134, 135]);

/** Whether an mqtt.js error is the broker refusing the login (as opposed to a network failure). */
export function isRefusal(error) {
  return REFUSED.has(error?.code);
}

/**
 * The subscriptions of the page: everything under one device's topic root, or, for the fleet's overview (no device
 * in the config), the status, emotion, explanation and reply topics of every device.
 */
export function subscriptions(config) {
  const root = config.mqtt.topic_root;
  return config.device ? [`${root}#`] : FLEET_TOPICS.map((suffix) => `${root}+/${suffix}`);
}

/**
 * Connects to the broker with the session's MQTT credentials ({username, password}) and feeds the model: status,
 * emotion and explanation messages under the topic root (model.onMessage gets the topic after the root: "status"
 * for one device's page, "DEVICE/status" for the overview), and the connection state. Payloads that are not
 * JSON objects are counted in model.rejected and dropped. When the broker refuses the credentials (the session
 * ended, or the user may not read this robot) the client stops retrying and onRefused(error) is called once.
 * The page renders on its own timer, so nothing here touches the DOM. Returns the mqtt.js client.
 */
export function connect(config, model, now, credentials, onRefused) {
  if (!globalThis.mqtt?.connect) {
    throw new Error('The MQTT library (mqtt.min.js) did not load; the robot\'s software may be incomplete');
  }

  const root = config.mqtt.topic_root;
  const client = globalThis.mqtt.connect(brokerUrl(config, window.location), {
    // Not "feredge-...": the broker keeps client ids with that prefix for devices.
    clientId: `dashboard-${Math.random().toString(16).slice(2, 10)}`,
    clean: true,
    keepalive: 20,
    reconnectPeriod: 1000,
    connectTimeout: 5000,
    username: credentials.username,
    password: credentials.password,
  });
  let refused = false;
  client.on('error', (error) => {
    if (isRefusal(error) && !refused) {
      refused = true;
      // Retrying with the same token cannot succeed; the page decides what to show instead.
      client.end(true);
      onRefused(error);
    }
  });
  client.on('connect', () => {
    model.onConnection('connected', now());
    client.subscribe(subscriptions(config), { qos: 1 });
  });
  // Before the first connection the page is still "connecting"; after it, any drop is "reconnecting".
  const down = () => {
    if (model.connection !== 'connecting') {
      model.onConnection('reconnecting', now());
    }
  };
  client.on('reconnect', down);
  client.on('close', down);
  client.on('offline', down);
  client.on('message', (topic, bytes) => {
    if (!topic.startsWith(root)) {
      return;
    }

    let payload;
    try {
      payload = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      model.rejected++;
      return;
    }

    if (payload === null || typeof payload !== 'object') {
      model.rejected++;
      return;
    }

    model.onMessage(topic.slice(root.length), payload, now());
  });
  return client;
}

/**
 * Publishes a command (QoS 1) on the given client to the device whose topic root is root (feredge/DEVICE/):
 * {schema, id, command, ...args}. Returns its id; the answer arrives on the device's reply topic with that id.
 */
export function sendCommand(client, root, command, args) {
  const id = `dash-${Date.now().toString(36)}-${Math.random().toString(16).slice(2, 8)}`;
  client.publish(`${root}command`, JSON.stringify({ schema: 1, id, command, ...args }), { qos: 1 });
  return id;
}
