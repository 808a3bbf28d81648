// The page's model: health (online, stale, offline, reconnecting) and the timeline's bands, without a browser.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardModel } from '../../../../src/FerEdge.Dashboard/wwwroot/model.js';
import { Timeline } from '../../../../src/FerEdge.Dashboard/wwwroot/timeline.js';

const config = {
  stale_seconds: 3, timeline_seconds: 60,
  alerts: { emotions: ['sadness'], emotion_seconds: 2, no_face_seconds: null },
};

function emotion(label) {
  return label ? { faces: 1, emotion: label, confidence: 0.9 } : { faces: 0, emotion: null, confidence: 0 };
}

test('health_BeforeConnect_Connecting', () => {
  assert.equal(new DashboardModel(config).health(0), 'connecting');
});

test('health_ConnectedWithoutStatus_Waiting', () => {
  const model = new DashboardModel(config);
  model.onConnection('connected');
  assert.equal(model.health(0), 'waiting');
});

test('health_OnlineThenSilent_StaleAfterWindow', () => {
  const model = new DashboardModel(config);
  model.onConnection('connected');
  model.onStatus({ state: 'online' }, 0);
  model.onEmotion(emotion('happy'), 1000);
  assert.equal(model.health(4000), 'online');
  assert.equal(model.health(4001), 'stale');
});

test('health_OfflineStatus_OfflineEvenWithRecentData', () => {
  const model = new DashboardModel(config);
  model.onConnection('connected');
  model.onEmotion(emotion('happy'), 1000);
  model.onStatus({ state: 'offline' }, 1100);
  assert.equal(model.health(1200), 'offline');
});

test('health_ConnectionDropped_Reconnecting', () => {
  const model = new DashboardModel(config);
  model.onConnection('connected');
  model.onStatus({ state: 'online' }, 0);
  model.onConnection('reconnecting');
  assert.equal(model.health(10), 'reconnecting');
});

test('health_ConnectionDownLongerThanStaleWindow_Offline', () => {
  const model = new DashboardModel(config);
  model.onConnection('connected', 0);
  model.onStatus({ state: 'online' }, 0);
  model.onConnection('reconnecting', 1000);
  model.onConnection('reconnecting', 2000);
  assert.equal(model.health(3900), 'reconnecting');
  assert.equal(model.health(4100), 'offline');
  // Back, but no data since: stale until messages flow again.
  model.onConnection('connected', 5000);
  assert.equal(model.health(5000), 'stale');
});

test('tick_StaleDuringAlertEpisode_EpisodeEnds', () => {
  const model = new DashboardModel(config);
  model.onConnection('connected');
  model.onStatus({ state: 'online' }, 0);
  for (let t = 0; t <= 2500; t += 100) model.onEmotion(emotion('sadness'), t);
  model.tick(2500);
  assert.equal(model.alerts.active.length, 1);
  model.tick(9000);
  assert.equal(model.alerts.active[0].endedMs, 2500);
});

test('label_NoFace_None', () => {
  const model = new DashboardModel(config);
  model.onEmotion(emotion(null), 0);
  assert.equal(model.label(), 'none');
});

test('segments_LabelsChange_ContiguousBands', () => {
  const timeline = new Timeline(60000, 3000);
  for (let t = 0; t < 1000; t += 100) timeline.add(t, 'neutral');
  for (let t = 1000; t < 2000; t += 100) timeline.add(t, 'happy');
  assert.deepEqual(timeline.segments(2000), [
    { label: 'neutral', start: 0, end: 1000 },
    { label: 'happy', start: 1000, end: 1900 },
  ]);
});

test('segments_GapLongerThanLimit_LeavesHole', () => {
  const timeline = new Timeline(60000, 3000);
  timeline.add(0, 'happy');
  timeline.add(1000, 'happy');
  timeline.add(5000, 'happy');
  assert.deepEqual(timeline.segments(5000).map((s) => [s.start, s.end]), [[0, 1000], [5000, 5000]]);
});

test('segments_OlderThanWindow_Dropped', () => {
  const timeline = new Timeline(10000, 3000);
  timeline.add(0, 'anger');
  timeline.add(1000, 'happy');
  timeline.add(12000, 'happy');
  assert.deepEqual(timeline.segments(12000).map((s) => s.label), ['happy']);
});

test('health_DegradedStatus_DegradedWithReasonAndLiveOnlyWhileDataFlows', () => {
  const model = new DashboardModel(config);
  model.onConnection('connected');
  model.onStatus({ state: 'online' }, 0);
  model.onEmotion(emotion(null), 1000);
  model.onStatus({ state: 'degraded', reason: 'camera lost: no frame' }, 1500);
  assert.equal(model.health(2000), 'degraded');
  assert.equal(model.status.reason, 'camera lost: no frame');
  assert.equal(model.isLive('degraded', 2000), true);
  // The camera is gone: no emotion messages, so the last "nobody in view" is not current any more.
  assert.equal(model.health(9000), 'degraded');
  assert.equal(model.isLive('degraded', 9000), false);
  model.onStatus({ state: 'online' }, 9500);
  model.onEmotion(emotion('happy'), 9600);
  assert.equal(model.health(9700), 'online');
});

test('onReply_AProfileState_IsKeptWithoutError', () => {
  const model = new DashboardModel(config);
  model.onReply({ schema: 1, id: 'a', command: 'correct', ok: true, error: null, person: 'anna', corrections: 2, calibrated: true });
  assert.deepEqual(model.profile, { person: 'anna', corrections: 2, calibrated: true, error: null, reply: 'a', command: 'correct', frames: null });
});

test('onReply_ACalibration_KeepsItsFramesAndWhichReplyItWas', () => {
  const model = new DashboardModel(config);
  model.onReply({ schema: 1, id: 'b', command: 'calibrate_neutral', ok: true, error: null, person: 'anna', corrections: 0, calibrated: true, frames: 149 });
  assert.equal(model.profile.command, 'calibrate_neutral');
  assert.equal(model.profile.frames, 149);
  assert.equal(model.profile.reply, 'b');
  assert.equal(model.profile.calibrated, true);
});

test('onReply_AFailureWithoutState_KeepsTheCountAndShowsTheError', () => {
  const model = new DashboardModel(config);
  model.onReply({ ok: true, person: null, corrections: 1, calibrated: false });
  model.onReply({ id: null, ok: false, error: 'command is not valid JSON' });
  assert.equal(model.profile.corrections, 1);
  assert.equal(model.profile.error, 'command is not valid JSON');
});
