// The timeline: coloured emotion bands over the last minutes, drawn as SVG, with text labels on wide bands.

import { colourOf, nameOf, needsLightText, EMOTIONS } from './palette.js';
import { el, svgEl } from './dom.js';

const HEIGHT = 120;
const BAND_TOP = 8;
const BAND_HEIGHT = 78;

export class TimelineView {
  constructor(root, windowMs) {
    this.root = root;
    this.windowMs = windowMs;
    this.svg = svgEl('svg', { class: 'timeline', role: 'img', 'aria-label': 'Emotions over the last minutes' });
    root.querySelector('.timeline-slot').append(this.svg);
    const legend = root.querySelector('.legend');
    for (const label of [...EMOTIONS, 'none']) {
      legend.append(el('li', {}, el('span', { class: `swatch swatch-${label}` }), nameOf(label)));
    }

    const minutes = Math.round(windowMs / 60000);
    root.querySelector('.timeline-window').textContent = minutes >= 1 ? `last ${minutes} min` : `last ${Math.round(windowMs / 1000)} s`;
  }

  render(model, nowMs) {
    const width = Math.max(200, Math.round(this.svg.getBoundingClientRect().width) || 800);
    this.svg.setAttribute('viewBox', `0 0 ${width} ${HEIGHT}`);
    const from = nowMs - this.windowMs;
    const x = (t) => ((t - from) / this.windowMs) * width;
    const nodes = [svgEl('rect', { x: 0, y: BAND_TOP, width, height: BAND_HEIGHT, class: 'timeline-bg' })];
    for (const segment of model.timeline.segments(nowMs)) {
      const left = Math.max(0, x(segment.start));
      // A segment of one message still gets a visible sliver.
      const right = Math.max(left + 2, x(segment.end));
      const band = svgEl('rect', {
        x: left.toFixed(1), y: BAND_TOP, width: (right - left).toFixed(1), height: BAND_HEIGHT,
        fill: colourOf(segment.label), class: `band${segment.label === 'none' ? ' band-none' : ''}`,
        'data-emotion': segment.label,
      });
      nodes.push(band);
      // A label only where it fits its band (about 10 px a character at 17 px bold), so labels never run together.
      if (right - left > Math.max(70, nameOf(segment.label).length * 11 + 12)) {
        const text = svgEl('text', {
          x: ((left + right) / 2).toFixed(1), y: BAND_TOP + BAND_HEIGHT / 2 + 7, class: 'band-label',
          fill: needsLightText(segment.label) ? '#FFFFFF' : '#1A1A1A',
        });
        text.textContent = nameOf(segment.label);
        nodes.push(text);
      }
    }

    // A tick per minute (or per fifth of the window when it is shorter), labelled back from "now".
    // On a narrow screen only every n-th tick is labelled, so the labels (about 50 px each, the outer ones anchored at their ends) keep apart.
    const step = this.windowMs >= 120000 ? 60000 : this.windowMs / 5;
    const labelEvery = Math.max(1, Math.ceil(90 / ((width * step) / this.windowMs)));
    for (let back = 0, index = 0; back <= this.windowMs + 1; back += step, index++) {
      const tx = x(nowMs - back);
      nodes.push(svgEl('line', { x1: tx.toFixed(1), x2: tx.toFixed(1), y1: BAND_TOP, y2: BAND_TOP + BAND_HEIGHT + 6, class: 'tick' }));
      if (index % labelEvery !== 0) {
        continue;
      }

      const label = svgEl('text', {
        x: Math.min(width - 4, Math.max(4, tx)).toFixed(1), y: HEIGHT - 6, class: 'tick-label',
        'text-anchor': back === 0 ? 'end' : back >= this.windowMs ? 'start' : 'middle',
      });
      label.textContent = back === 0 ? 'now' : step >= 60000 ? `−${Math.round(back / 60000)} min` : `−${Math.round(back / 1000)} s`;
      nodes.push(label);
    }

    this.svg.replaceChildren(...nodes);
  }
}
