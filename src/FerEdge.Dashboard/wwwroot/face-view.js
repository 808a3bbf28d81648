// Why: a schematic face whose regions are shaded by how much each drove the decision, plus the one-line reason.
// It is a drawing of a generic face, never of the person.

import { el, svgEl, setText, clock } from './dom.js';
import { nameOf } from './palette.js';

const REGIONS = ['brows', 'eyes', 'nose', 'mouth', 'jaw'];
const NAMES = { brows: 'Eyebrows', eyes: 'Eyes', nose: 'Nose', mouth: 'Mouth', jaw: 'Jaw' };

// Shapes on a 200x240 face. Each region is a group so it can be shaded as one.
const SHAPES = {
  brows: [
    ['path', { d: 'M38 74 Q60 56 88 66 L86 76 Q62 68 42 84 Z' }],
    ['path', { d: 'M162 74 Q140 56 112 66 L114 76 Q138 68 158 84 Z' }],
  ],
  eyes: [
    ['ellipse', { cx: 64, cy: 98, rx: 21, ry: 11 }],
    ['ellipse', { cx: 136, cy: 98, rx: 21, ry: 11 }],
  ],
  nose: [['path', { d: 'M100 104 L84 146 Q100 156 116 146 Z' }]],
  mouth: [['path', { d: 'M64 176 Q100 160 136 176 Q100 200 64 176 Z' }]],
  jaw: [['path', { d: 'M26 150 Q34 226 100 232 Q166 226 174 150 L162 152 Q154 212 100 218 Q46 212 38 152 Z' }]],
};

export class FaceView {
  constructor(root) {
    this.root = root;
    this.reason = root.querySelector('.reason');
    this.subject = root.querySelector('.why-subject');
    this.meta = root.querySelector('.explanation-meta');
    this.groups = {};
    this.rows = {};
    const svg = svgEl('svg', { viewBox: '0 0 200 240', class: 'face', role: 'img', 'aria-label': 'Schematic face' });
    svg.append(svgEl('ellipse', { cx: 100, cy: 128, rx: 82, ry: 106, class: 'face-outline' }));
    const list = root.querySelector('.region-list');
    for (const region of REGIONS) {
      const group = svgEl('g', { class: 'region', 'data-region': region, 'data-share': '0' });
      for (const [tag, attrs] of SHAPES[region]) {
        group.append(svgEl(tag, attrs));
      }

      svg.append(group);
      this.groups[region] = group;
      const fill = el('span', { class: 'region-fill' });
      const value = el('span', { class: 'region-value' }, '–');
      const row = el('li', { 'data-region': region },
        el('span', { class: 'region-name' }, NAMES[region]),
        el('span', { class: 'region-bar' }, fill),
        value);
      list.append(row);
      this.rows[region] = { fill, value };
    }

    root.querySelector('.face-slot').append(svg);
    this.shown = null;
  }

  render(health, model) {
    const explanation = model.explanation;
    // An explanation of an earlier decision (the face left, or the emotion changed and no new one came yet) is
    // kept for reference but dimmed and marked, so it is never read as the reason for what is shown now.
    const current = explanation != null && explanation.emotion === model.label();
    this.root.classList.toggle('dim', health !== 'online' || !current);
    this.root.dataset.current = String(current);
    if (explanation === this.shown && current === this.shownCurrent) {
      return;
    }

    this.shown = explanation;
    this.shownCurrent = current;
    setText(this.subject, explanation?.emotion ? `· ${nameOf(explanation.emotion)}` : '');
    const shares = {};
    for (const item of explanation?.regions ?? []) {
      if (REGIONS.includes(item.region)) {
        shares[item.region] = Math.max(0, Number(item.share) || 0);
      }
    }

    const max = Math.max(0, ...Object.values(shares));
    for (const region of REGIONS) {
      const share = shares[region] ?? 0;
      // Opacity relative to the strongest region: the caregiver reads "which part mattered most" at a glance.
      const strength = max > 0 ? share / max : 0;
      const group = this.groups[region];
      group.dataset.share = share.toFixed(3);
      group.style.fillOpacity = String(0.06 + 0.94 * strength);
      group.classList.toggle('top', max > 0 && share === max);
      this.rows[region].fill.style.width = `${Math.round(strength * 100)}%`;
      setText(this.rows[region].value, explanation ? `${Math.round(share * 100)}%` : '–');
    }

    setText(this.reason, explanation?.reason ? capitalise(explanation.reason) : 'No explanation yet');
    const parts = [];
    if (explanation) {
      parts.push(`${current ? 'as of' : `earlier (${nameOf(explanation.emotion)}),`} ${clock(model.explanationMs)}`);
      if (Number.isFinite(explanation.facs_agreement)) {
        parts.push(`agreement with facial action coding ${Math.round(explanation.facs_agreement * 100)}%`);
      }
    }

    setText(this.meta, parts.join(' · '));
  }
}

function capitalise(text) {
  return text.length ? text[0].toUpperCase() + text.slice(1) : text;
}
