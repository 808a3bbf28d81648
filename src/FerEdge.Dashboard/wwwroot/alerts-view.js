// Alerts: the active ones as a banner with a large Acknowledge button each, and a short history of acknowledged ones.

import { iconOf, nameOf } from './palette.js';
import { el, clock, duration } from './dom.js';

const TITLE = 'FerEdge · caregiver dashboard';

function title(alert) {
  return alert.rule === 'no-face'
    ? `No face in view for over ${alert.seconds} s`
    : `${nameOf(alert.emotion)} for over ${alert.seconds} s`;
}

export class AlertsView {
  /** onAcknowledge(id) is called when a caregiver presses an alert's button. */
  constructor(banner, historyList, onAcknowledge) {
    this.banner = banner;
    this.history = historyList;
    this.items = new Map();
    this.historyShown = -1;
    // One delegated listener instead of one per button: buttons come and go with the alerts.
    banner.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-alert-id]');
      if (button) {
        onAcknowledge(Number(button.dataset.alertId));
      }
    });
  }

  render(engine, nowMs) {
    const ids = new Set(engine.active.map((a) => a.id));
    for (const [id, item] of this.items) {
      if (!ids.has(id)) {
        item.node.remove();
        this.items.delete(id);
      }
    }

    for (const alert of engine.active) {
      let item = this.items.get(alert.id);
      if (!item) {
        item = this.create(alert);
        this.items.set(alert.id, item);
        this.banner.append(item.node);
      }

      const held = (alert.endedMs ?? nowMs) - alert.startMs;
      item.node.classList.toggle('ended', alert.endedMs != null);
      item.detail.textContent = alert.endedMs != null
        ? `Since ${clock(alert.startMs)}, lasted ${duration(held)}, now over`
        : `Since ${clock(alert.startMs)}, ${duration(held)} so far`;
    }

    this.banner.hidden = engine.active.length === 0;
    const alerting = engine.active.some((a) => a.endedMs == null);
    document.body.classList.toggle('alerting', alerting);
    // The tab title tells too, for a tablet that shows the browser's tabs or a task switcher.
    const title = alerting ? `Alert · ${TITLE}` : TITLE;
    if (document.title !== title) {
      document.title = title;
    }

    if (this.historyShown !== engine.history.length || engine.history[0]?.id !== this.historyTop) {
      this.renderHistory(engine.history);
    }
  }

  create(alert) {
    const detail = el('div', { class: 'alert-detail' });
    const button = el('button', { type: 'button', class: 'ack', 'data-alert-id': alert.id }, 'Acknowledge');
    // data-held-ms: how long the state had lasted when the alert was raised, for checks of the rule's timing.
    const node = el('div', {
      class: 'alert', role: 'alert', 'data-rule': alert.rule, 'data-emotion': alert.emotion ?? 'none',
      'data-held-ms': alert.raisedMs - alert.startMs,
    },
      iconOf(alert.rule === 'no-face' ? 'none' : alert.emotion, 64),
      el('div', { class: 'alert-text' }, el('div', { class: 'alert-title' }, title(alert)), detail),
      button);
    return { node, detail };
  }

  renderHistory(history) {
    this.historyShown = history.length;
    this.historyTop = history[0]?.id;
    const rows = history.map((a) => el('li', { 'data-rule': a.rule },
      el('span', { class: 'history-title' }, title(a)),
      el('span', { class: 'history-time' }, `${clock(a.startMs)} · acknowledged ${clock(a.acknowledgedMs)}`)));
    this.history.replaceChildren(...(rows.length ? rows : [el('li', { class: 'empty' }, 'No alerts yet')]));
  }
}
