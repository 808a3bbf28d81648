// Small DOM helpers shared by the views.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A new HTML element with attributes (class via "class") and text or element children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAll(node, attrs);
  node.append(...children);
  return node;
}

/** A new SVG element with attributes. */
export function svgEl(tag, attrs = {}) {
  const node = document.createElementNS(SVG_NS, tag);
  setAll(node, attrs);
  return node;
}

function setAll(node, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value != null) {
      node.setAttribute(key, String(value));
    }
  }
}

/** Sets a node's text only when it differs, so unchanged parts of the page are not touched on every tick. */
export function setText(node, text) {
  if (node.textContent !== text) {
    node.textContent = text;
  }
}

/** Wall-clock time of day for a receive time in ms since the epoch, e.g. "14:05:09". */
export function clock(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** A duration for people: "8 s", "2 min 05 s", "1 h 02 min". */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) {
    return `${s} s`;
  }

  if (s < 3600) {
    return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  }

  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
