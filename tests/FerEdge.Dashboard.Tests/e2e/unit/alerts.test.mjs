// The page's alert rules, run by node's test runner (no browser): times are given, so every case is exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AlertEngine } from '../../../../src/FerEdge.Dashboard/wwwroot/alerts.js';

const rules = { emotions: ['sadness', 'anger', 'fear'], emotion_seconds: 10, no_face_seconds: 30 };
const sad = { faces: 1, emotion: 'sadness' };
const happy = { faces: 1, emotion: 'happy' };
const noFace = { faces: 0, emotion: null };

function feed(engine, sample, fromMs, toMs, stepMs = 100) {
  for (let t = fromMs; t <= toMs; t += stepMs) engine.observe(t, sample);
}

test('observe_SadnessJustUnderLimit_NoAlert', () => {
  const engine = new AlertEngine(rules);
  feed(engine, sad, 0, 9900);
  assert.equal(engine.active.length, 0);
});

test('observe_SadnessHeldPastLimit_OneAlertNamingSadness', () => {
  const engine = new AlertEngine(rules);
  feed(engine, sad, 0, 15000);
  assert.equal(engine.active.length, 1);
  assert.equal(engine.active[0].rule, 'emotion');
  assert.equal(engine.active[0].emotion, 'sadness');
  assert.equal(engine.active[0].raisedMs, 10000);
});

test('observe_FearThenSadnessWithinSet_CountsAsOneEpisode', () => {
  const engine = new AlertEngine(rules);
  feed(engine, { faces: 1, emotion: 'fear' }, 0, 6000);
  feed(engine, sad, 6100, 10000);
  assert.equal(engine.active.length, 1);
  assert.equal(engine.active[0].startMs, 0);
  assert.equal(engine.active[0].emotion, 'sadness');
});

test('observe_HappyInterrupts_EpisodeRestarts', () => {
  const engine = new AlertEngine(rules);
  feed(engine, sad, 0, 8000);
  engine.observe(8100, happy);
  feed(engine, sad, 8200, 17000);
  assert.equal(engine.active.length, 0);
  engine.observe(18200, sad);
  assert.equal(engine.active.length, 1);
  assert.equal(engine.active[0].startMs, 8200);
});

test('tick_NoMessagesButTimePassed_RaisesDueAlert', () => {
  const engine = new AlertEngine(rules);
  engine.observe(0, sad);
  engine.observe(500, sad);
  assert.equal(engine.tick(9999), false);
  assert.equal(engine.tick(10000), true);
  assert.equal(engine.active.length, 1);
});

test('interrupt_DataStopped_EpisodeEndsAndAlertMarkedEnded', () => {
  const engine = new AlertEngine(rules);
  feed(engine, sad, 0, 12000);
  engine.interrupt();
  assert.equal(engine.active[0].endedMs, 12000);
  engine.tick(60000);
  assert.equal(engine.active.length, 1, 'no second alert without new data');
});

test('acknowledge_ActiveAlert_MovesToHistoryAndEpisodeRaisesNoMore', () => {
  const engine = new AlertEngine(rules);
  feed(engine, sad, 0, 11000);
  const id = engine.active[0].id;
  assert.equal(engine.acknowledge(id, 11500), true);
  feed(engine, sad, 11600, 40000);
  assert.equal(engine.active.length, 0);
  assert.equal(engine.history.length, 1);
  assert.equal(engine.history[0].acknowledgedMs, 11500);
  assert.equal(engine.acknowledge(id, 41000), false);
});

test('observe_NoFaceLong_NoFaceAlert', () => {
  const engine = new AlertEngine(rules);
  feed(engine, noFace, 0, 29900, 500);
  assert.equal(engine.active.length, 0);
  engine.observe(30000, noFace);
  assert.deepEqual(engine.active.map((a) => a.rule), ['no-face']);
});

test('observe_NoFaceRuleOff_NoAlert', () => {
  const engine = new AlertEngine({ ...rules, no_face_seconds: null });
  feed(engine, noFace, 0, 120000, 1000);
  assert.equal(engine.active.length, 0);
});

test('acknowledge_ManyAlerts_HistoryKeepsNewestTen', () => {
  const engine = new AlertEngine({ emotions: ['anger'], emotion_seconds: 1, no_face_seconds: null });
  for (let i = 0; i < 14; i++) {
    const t0 = i * 10000;
    feed(engine, { faces: 1, emotion: 'anger' }, t0, t0 + 1000);
    engine.observe(t0 + 1100, happy);
    engine.acknowledge(engine.active[0].id, t0 + 1200);
  }

  assert.equal(engine.history.length, 10);
  assert.equal(engine.history[0].startMs, 130000);
});
