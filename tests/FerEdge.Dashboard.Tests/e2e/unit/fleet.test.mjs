// The overview's model: devices appear from their topics, their three states, the decided emotion and the order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FleetModel } from '../../../../src/FerEdge.Dashboard/wwwroot/fleet.js';

const config = {
  device: null, stale_seconds: 3, timeline_seconds: 60,
  alerts: { emotions: ['sadness'], emotion_seconds: 2, no_face_seconds: null },
};

function connected() {
  const fleet = new FleetModel(config);
  fleet.onConnection('connected', 0);
  return fleet;
}

const emotion = (label, confidence = 0.8) => ({ faces: 1, emotion: label, confidence });

test('onMessage_StatusAndEmotionOfTwoDevices_ListsBothWithNameAndEmotion', () => {
  const fleet = connected();
  fleet.onMessage('a/status', { state: 'online', display_name: 'Room 1' }, 0);
  fleet.onMessage('b/status', { state: 'online' }, 0);
  fleet.onMessage('a/emotion', emotion('happy', 0.91), 100);
  const rows = fleet.tick(200);
  // Both online and without alerts: by name ("b" before "Room 1").
  assert.deepEqual(rows.map((r) => [r.id, r.name, r.state, r.emotion]), [['b', 'b', 'online', null], ['a', 'Room 1', 'online', 'happy']]);
  assert.equal(rows.find((r) => r.id === 'a').confidence, 0.91);
});

test('onMessage_ExplanationOfUnknownDevice_AddsNoDevice', () => {
  const fleet = connected();
  fleet.onMessage('ghost/explanation', { emotion: 'happy' }, 0);
  fleet.onMessage('no-slash', {}, 0);
  assert.equal(fleet.tick(0).length, 0);
});

test('tick_SilentDevice_StaleAfterWindowWithoutEmotion', () => {
  const fleet = connected();
  fleet.onMessage('a/status', { state: 'online' }, 0);
  fleet.onMessage('a/emotion', emotion('neutral'), 1000);
  assert.equal(fleet.tick(4000)[0].state, 'online');
  const later = fleet.tick(4001)[0];
  assert.equal(later.state, 'stale');
  assert.equal(later.emotion, null);
});

test('tick_LastWillOffline_Offline', () => {
  const fleet = connected();
  fleet.onMessage('a/emotion', emotion('happy'), 0);
  fleet.onMessage('a/status', { state: 'offline' }, 10);
  const row = fleet.tick(20)[0];
  assert.equal(row.state, 'offline');
  assert.equal(row.emotion, null);
});

test('tick_AlertOnOneDevice_SortsItFirstAndAcknowledgeClearsIt', () => {
  const fleet = connected();
  for (const id of ['a', 'b', 'c']) {
    fleet.onMessage(`${id}/status`, { state: 'online' }, 0);
  }

  for (let t = 0; t <= 2500; t += 500) {
    fleet.onMessage('a/emotion', emotion('happy'), t);
    fleet.onMessage('b/emotion', emotion('happy'), t);
    fleet.onMessage('c/emotion', emotion('sadness'), t);
  }

  const rows = fleet.tick(2500);
  assert.deepEqual(rows.map((r) => r.id), ['c', 'a', 'b']);
  assert.equal(rows[0].alerts.length, 1);
  assert.ok(fleet.get('c').alerts.acknowledge(rows[0].alerts[0].id, 2600));
  assert.deepEqual(fleet.tick(2700).map((r) => r.id), ['a', 'b', 'c']);
});

test('onConnection_BrokerLostLongerThanWindow_EveryDeviceOffline', () => {
  const fleet = connected();
  fleet.onMessage('a/status', { state: 'online' }, 0);
  fleet.onMessage('a/emotion', emotion('happy'), 0);
  fleet.onConnection('reconnecting', 1000);
  assert.equal(fleet.tick(2000)[0].state, 'stale');
  assert.equal(fleet.tick(4001)[0].state, 'offline');
});
