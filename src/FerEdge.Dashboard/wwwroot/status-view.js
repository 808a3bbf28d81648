// The status pill in the header: is the robot's emotion sensing online?

import { setText, duration } from './dom.js';

const TEXT = {
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  waiting: 'Waiting for the robot',
  offline: 'Offline',
  stale: 'Stale',
  degraded: 'Degraded',
  online: 'Online',
};

const DETAIL = {
  connecting: 'Contacting the robot',
  reconnecting: 'Connection to the robot lost; trying again',
  waiting: 'Connected; the robot has not reported yet',
  offline: 'Emotion sensing is switched off or the robot is unreachable',
  online: 'Emotion sensing is running',
};

export class StatusView {
  constructor(root) {
    this.root = root;
    this.text = root.querySelector('.status-text');
    this.detail = root.querySelector('.status-detail');
  }

  render(health, model, nowMs) {
    if (this.root.dataset.state !== health) {
      this.root.dataset.state = health;
    }

    setText(this.text, TEXT[health] ?? health);
    const detail = health === 'stale'
      ? `No emotion data for ${duration(nowMs - Math.max(model.emotionMs, model.statusMs))}`
      : health === 'degraded'
        ? `Not fully working: ${model.status?.reason ?? 'reason unknown'}`
        : DETAIL[health] ?? '';
    setText(this.detail, detail);
  }
}
