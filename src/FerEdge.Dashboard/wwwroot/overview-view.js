// The overview: one card per device (name, online/stale/offline, current emotion with how sure, open alerts with an
// Acknowledge button each), in the order FleetModel.tick gives. Tapping a card opens that device's detail view.
// Each card is an element with data-device, data-state and, while an emotion is decided, data-emotion.

import { iconOf, nameOf } from './palette.js';
import { el, setText, clock, duration } from './dom.js';

const STATE_TEXT = { online: 'Online', stale: 'Stale', offline: 'Offline' };

function alertTitle(alert) {
  return alert.rule === 'no-face' ? `No face for over ${alert.seconds} s` : `${nameOf(alert.emotion)} for over ${alert.seconds} s`;
}

export class OverviewView {
  /**
   * onOpen(deviceId) is called when a card is tapped, onAcknowledge(deviceId, alertId) when an alert's button is.
   * root holds the list (.fleet) and the empty note (.fleet-empty).
   */
  constructor(root, onOpen, onAcknowledge) {
    this.list = root.querySelector('.fleet');
    this.empty = root.querySelector('.fleet-empty');
    this.cards = new Map();
    this.order = '';
    // One delegated listener: cards and buttons come and go with the devices and their alerts.
    this.list.addEventListener('click', (event) => {
      const ack = event.target.closest('button[data-alert-id]');
      if (ack) {
        onAcknowledge(ack.dataset.ackDevice, Number(ack.dataset.alertId));
        return;
      }

      const open = event.target.closest('button[data-open]');
      if (open) {
        onOpen(open.dataset.open);
      }
    });
  }

  render(rows, nowMs) {
    const ids = new Set(rows.map((r) => r.id));
    for (const [id, card] of this.cards) {
      if (!ids.has(id)) {
        card.node.remove();
        this.cards.delete(id);
      }
    }

    for (const row of rows) {
      let card = this.cards.get(row.id);
      if (!card) {
        card = this.create(row.id);
        this.cards.set(row.id, card);
      }

      this.update(card, row, nowMs);
    }

    const order = rows.map((r) => r.id).join('\n');
    if (order !== this.order) {
      this.order = order;
      this.list.replaceChildren(...rows.map((r) => this.cards.get(r.id).node));
    }

    this.empty.hidden = rows.length > 0;
  }

  create(id) {
    const name = el('span', { class: 'device-name' });
    const stateText = el('span', { class: 'device-state-text' });
    const detail = el('span', { class: 'device-detail' });
    const icon = el('span', { class: 'device-icon' });
    const emotion = el('span', { class: 'device-emotion-label' });
    const confidence = el('span', { class: 'device-confidence' });
    const open = el('button', { type: 'button', class: 'device-open', 'data-open': id },
      el('span', { class: 'device-head' }, name, el('span', { class: 'device-state' }, el('span', { class: 'state-dot', 'aria-hidden': 'true' }), stateText)),
      el('span', { class: 'device-now' }, icon, el('span', { class: 'device-words' }, emotion, confidence)),
      detail);
    const alerts = el('div', { class: 'device-alerts' });
    const node = el('li', { class: 'device-card', 'data-device': id }, open, alerts);
    return { node, name, stateText, detail, icon, emotion, confidence, alerts, shownEmotion: undefined, alertIds: '' };
  }

  update(card, row, nowMs) {
    const node = card.node;
    if (node.dataset.state !== row.state) {
      node.dataset.state = row.state;
    }

    if (row.emotion == null) {
      node.removeAttribute('data-emotion');
    } else if (node.dataset.emotion !== row.emotion) {
      node.dataset.emotion = row.emotion;
    }

    node.classList.toggle('alerting', row.alerts.some((a) => a.endedMs == null));
    setText(card.name, row.name);
    setText(card.stateText, STATE_TEXT[row.state]);
    if (card.shownEmotion !== row.emotion) {
      card.shownEmotion = row.emotion;
      card.icon.replaceChildren(iconOf(row.emotion ?? 'none', 56));
      card.icon.classList.toggle('dim', row.emotion == null);
    }

    setText(card.emotion, row.emotion == null ? 'Not known now' : nameOf(row.emotion));
    setText(card.confidence, row.confidence == null ? '' : `${Math.round(row.confidence * 100)}% sure`);
    const since = Math.max(row.model.emotionMs, row.model.statusMs);
    setText(card.detail, row.reason
      ? `Not fully working: ${row.reason}`
      : row.state === 'online' ? '' : since > 0 ? `Last message ${duration(nowMs - since)} ago` : 'No message yet');
    this.renderAlerts(card, row, nowMs);
  }

  renderAlerts(card, row, nowMs) {
    const ids = row.alerts.map((a) => `${a.id}:${a.endedMs == null ? 'on' : 'ended'}`).join(',');
    if (ids !== card.alertIds) {
      card.alertIds = ids;
      card.alerts.replaceChildren(...row.alerts.map((alert) => el('div', {
        class: `alert device-alert${alert.endedMs == null ? '' : ' ended'}`, role: 'alert', 'data-rule': alert.rule,
        'data-emotion': alert.emotion ?? 'none', 'data-alert': alert.id,
      },
        el('div', { class: 'alert-text' },
          el('div', { class: 'alert-title' }, alertTitle(alert)),
          el('div', { class: 'alert-detail' })),
        el('button', { type: 'button', class: 'ack', 'data-alert-id': alert.id, 'data-ack-device': row.id }, 'Acknowledge'))));
    }

    for (const [index, alert] of row.alerts.entries()) {
      const detail = card.alerts.children[index]?.querySelector('.alert-detail');
      if (detail) {
        const held = (alert.endedMs ?? nowMs) - alert.startMs;
        setText(detail, alert.endedMs != null ? `Since ${clock(alert.startMs)}, lasted ${duration(held)}, now over` : `Since ${clock(alert.startMs)}, ${duration(held)} so far`);
      }
    }
  }
}
