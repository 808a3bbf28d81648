// What the dashboard knows: the connection to the broker, the device's status, and its latest messages.
// Free of the DOM; times are receive times in milliseconds passed in by the caller.

import { AlertEngine } from './alerts.js';
import { Timeline } from './timeline.js';

/** The decided emotion of an emotion message, or "none" when it decided nothing (no face in view). */
export function labelOf(payload) {
  return typeof payload.emotion === 'string' && payload.emotion.length > 0 ? payload.emotion : 'none';
}

/**
 * The dashboard's state, fed by MQTT events. health(nowMs) is what the status pill shows:
 * "connecting" before the first connection, "reconnecting" while the WebSocket is down (then "offline" once it has
 * been down for longer than stale_seconds: the robot is unreachable), "waiting" while connected
 * with no status from the device yet, "offline" when the device's status (retained, or its Last Will) says so,
 * "stale" when the device is online but no emotion message came for stale_seconds, "degraded" while the device's
 * status says it runs with a fault (its reason in status.reason), and "online" otherwise.
 */
export class DashboardModel {
  constructor(config) {
    this.config = config;
    this.staleMs = config.stale_seconds * 1000;
    this.connection = 'connecting';
    this.status = null;
    this.profile = null;
    this.statusMs = 0;
    this.emotion = null;
    this.emotionMs = 0;
    this.labelSinceMs = 0;
    this.explanation = null;
    this.explanationMs = 0;
    this.rejected = 0;
    this.alerts = new AlertEngine(config.alerts);
    this.timeline = new Timeline(config.timeline_seconds * 1000, this.staleMs);
    this.wasLive = false;
    this.downSinceMs = null;
  }

  onConnection(state, nowMs = Date.now()) {
    if (state === 'connected') {
      this.downSinceMs = null;
    } else if (this.connection === 'connected' || this.downSinceMs === null) {
      this.downSinceMs = nowMs;
    }

    this.connection = state;
  }

  onStatus(payload, nowMs) {
    this.status = payload;
    this.statusMs = nowMs;
  }

  /**
   * A reply to a command: the profile's state after it ({person, corrections, calibrated}, the error if any) and which
   * reply it came from ({reply: its id, command, frames}).
   */
  onReply(payload) {
    if (typeof payload.corrections === 'number') {
      this.profile = {
        person: payload.person ?? null, corrections: payload.corrections, calibrated: !!payload.calibrated,
        error: payload.ok ? null : payload.error, reply: payload.id ?? null, command: payload.command ?? null, frames: payload.frames ?? null,
      };
    } else if (payload.ok === false) {
      this.profile = { ...(this.profile ?? {}), error: payload.error };
    }
  }

  onEmotion(payload, nowMs) {
    const label = labelOf(payload);
    if (label !== this.label()) {
      this.labelSinceMs = nowMs;
    }

    this.emotion = payload;
    this.emotionMs = nowMs;
    this.timeline.add(nowMs, label);
    this.alerts.observe(nowMs, payload);
  }

  onExplanation(payload, nowMs) {
    this.explanation = payload;
    this.explanationMs = nowMs;
  }

  /** Takes one message by its topic suffix ("status", "emotion", "explanation"); others are ignored. */
  onMessage(suffix, payload, nowMs) {
    switch (suffix) {
      case 'status':
        this.onStatus(payload, nowMs);
        break;
      case 'emotion':
        this.onEmotion(payload, nowMs);
        break;
      case 'explanation':
        this.onExplanation(payload, nowMs);
        break;
      case 'reply':
        this.onReply(payload, nowMs);
        break;
      default:
        break;
    }
  }

  /** The label of the latest emotion message: an emotion, "none" for no face, or null before the first. */
  label() {
    return this.emotion ? labelOf(this.emotion) : null;
  }

  health(nowMs) {
    if (this.connection !== 'connected') {
      // With the broker inside the robot, a connection down for longer than the stale window means the robot (or
      // its network) is gone; with an external broker it still means no data can arrive.
      if (this.connection === 'reconnecting' && this.downSinceMs !== null && nowMs - this.downSinceMs > this.staleMs) {
        return 'offline';
      }

      return this.connection;
    }

    if (!this.status) {
      return 'waiting';
    }

    if (this.status.state === 'degraded') {
      // Running, but not all of its job: the status says why (camera lost, an output failing).
      return 'degraded';
    }

    if (this.status.state !== 'online') {
      return 'offline';
    }

    const lastData = Math.max(this.emotionMs, this.statusMs);
    return nowMs - lastData > this.staleMs ? 'stale' : 'online';
  }

  /**
   * Whether the emotion shown is current: online, or degraded while emotion messages still come (an output failing
   * does not stop them; a lost camera does, and then the page must not say "nobody in view").
   */
  isLive(health, nowMs) {
    return health === 'online' || (health === 'degraded' && nowMs - this.emotionMs <= this.staleMs);
  }

  /**
   * Advances time-based state to nowMs: raises due alerts, and ends alert episodes once the data stops (the rules
   * cannot know what happens while nothing arrives).
   * @returns {string} the health at nowMs
   */
  tick(nowMs) {
    const health = this.health(nowMs);
    const live = this.isLive(health, nowMs);
    if (live) {
      this.alerts.tick(nowMs);
    } else if (this.wasLive) {
      this.alerts.interrupt();
    }

    this.wasLive = live;
    return health;
  }
}
