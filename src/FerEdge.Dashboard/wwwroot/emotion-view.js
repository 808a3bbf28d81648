// The current emotional state: a large label, an icon and how sure the system is.

import { iconOf, nameOf, colourOf } from './palette.js';
import { setText, duration } from './dom.js';

export class EmotionView {
  constructor(root) {
    this.root = root;
    this.icon = root.querySelector('.emotion-icon-slot');
    this.label = root.querySelector('.emotion-label');
    this.since = root.querySelector('.emotion-since');
    this.bar = root.querySelector('.confidence-fill');
    this.barTrack = root.querySelector('.confidence');
    this.confidence = root.querySelector('.confidence-text');
    this.shown = undefined;
  }

  render(health, model, nowMs) {
    const label = model.label();
    if (label !== this.shown) {
      this.shown = label;
      this.root.dataset.emotion = label ?? '';
      this.icon.replaceChildren(iconOf(label ?? 'none', 132));
      setText(this.label, label == null ? 'Waiting…' : nameOf(label));
      this.bar.style.backgroundColor = colourOf(label ?? 'none');
    }

    const live = model.isLive(health, nowMs);
    this.root.classList.toggle('dim', !live);
    if (label == null) {
      setText(this.since, 'No emotion data yet');
    } else if (!live) {
      setText(this.since, `Last update ${duration(nowMs - model.emotionMs)} ago`);
    } else if (label === 'none') {
      setText(this.since, `Nobody in view for ${duration(nowMs - model.labelSinceMs)}`);
    } else {
      setText(this.since, `For ${duration(nowMs - model.labelSinceMs)}`);
    }

    const sure = label && label !== 'none' ? Math.min(1, Math.max(0, Number(model.emotion.confidence) || 0)) : 0;
    const percent = Math.round(sure * 100);
    this.bar.style.width = `${percent}%`;
    this.barTrack.setAttribute('aria-valuenow', String(percent));
    this.barTrack.hidden = !label || label === 'none';
    setText(this.confidence, label && label !== 'none' ? `${percent}% sure` : '');
  }
}
