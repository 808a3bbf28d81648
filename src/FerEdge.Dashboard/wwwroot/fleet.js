// The overview of every device on one broker: one DashboardModel per device id seen under feredge/+/..., and what
// the overview shows of each. Free of the DOM; times are receive times in milliseconds passed in by the caller.

import { DashboardModel } from './model.js';

/** Topic suffixes the overview subscribes to per device (feredge/+/SUFFIX). */
export const FLEET_TOPICS = ['status', 'emotion', 'explanation', 'reply'];

/** The order of states in the overview, after the devices with alerts: what needs a look first. */
const STATE_ORDER = { offline: 0, stale: 1, online: 2 };

/**
 * The overview's three states of a device from its model's health: "online" (running, data current; a degraded
 * device whose emotions still come counts as online and its reason is shown), "offline" (its status or Last Will
 * says so, or the broker has been unreachable for longer than the stale window), else "stale" (no message for
 * stale_seconds, or nothing known yet).
 */
export function fleetState(model, health, nowMs) {
  if (health === 'offline') {
    return 'offline';
  }

  if (health === 'online') {
    return 'online';
  }

  if (health === 'degraded' || health === 'waiting') {
    return nowMs - Math.max(model.emotionMs, model.statusMs) <= model.staleMs && model.emotionMs > 0 ? 'online' : 'stale';
  }

  return 'stale';
}

export class FleetModel {
  constructor(config) {
    this.config = config;
    this.devices = new Map();
    this.connection = 'connecting';
    this.rejected = 0;
  }

  onConnection(state, nowMs) {
    this.connection = state;
    for (const model of this.devices.values()) {
      model.onConnection(state, nowMs);
    }
  }

  /**
   * Takes a message whose topic, after the root ("feredge/"), is "DEVICE/SUFFIX". A device appears with its first
   * status or emotion message; an explanation alone does not add one.
   */
  onMessage(rest, payload, nowMs) {
    const slash = rest.indexOf('/');
    if (slash <= 0) {
      return;
    }

    const id = rest.slice(0, slash);
    const suffix = rest.slice(slash + 1);
    let model = this.devices.get(id);
    if (!model) {
      if (suffix !== 'status' && suffix !== 'emotion') {
        return;
      }

      model = new DashboardModel({ ...this.config, device: id });
      if (this.connection !== 'connecting') {
        model.onConnection(this.connection, nowMs);
      }

      this.devices.set(id, model);
    }

    model.onMessage(suffix, payload, nowMs);
  }

  /** The device's model, or undefined. */
  get(id) {
    return this.devices.get(id);
  }

  /**
   * Advances every device's time-based state to nowMs and returns what the overview shows, sorted: devices with
   * active alerts first (unfinished ones before ended ones), then offline, stale and online, then by name.
   */
  tick(nowMs) {
    const rows = [];
    for (const [id, model] of this.devices) {
      const health = model.tick(nowMs);
      const state = fleetState(model, health, nowMs);
      const label = model.label();
      // An emotion is shown only while it is current: the device online and its last emotion within the stale window.
      const decided = state === 'online' && label != null && nowMs - model.emotionMs <= model.staleMs;
      const name = typeof model.status?.display_name === 'string' && model.status.display_name.trim() ? model.status.display_name.trim() : id;
      rows.push({
        id, name, model, health, state,
        emotion: decided ? label : null,
        confidence: decided && label !== 'none' ? Math.min(1, Math.max(0, Number(model.emotion.confidence) || 0)) : null,
        alerts: model.alerts.active,
        reason: health === 'degraded' ? model.status?.reason ?? null : null,
      });
    }

    const weight = (row) => (row.alerts.some((a) => a.endedMs == null) ? 0 : row.alerts.length > 0 ? 1 : 2);
    rows.sort((a, b) => weight(a) - weight(b) || STATE_ORDER[a.state] - STATE_ORDER[b.state] || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    return rows;
  }
}
