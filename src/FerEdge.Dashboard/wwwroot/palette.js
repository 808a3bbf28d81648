// Emotion colours, names and icons. Colours are the Okabe-Ito palette, which stays distinguishable for the common
// colour-vision deficiencies; every colour is always shown next to its text label, never alone.

/** The labels of the MQTT contract, in display order; "none" stands for "no face in view". */
export const EMOTIONS = ['anger', 'contempt', 'disgust', 'fear', 'happy', 'neutral', 'sadness', 'surprise'];

const COLOURS = {
  anger: '#D55E00', // vermillion
  contempt: '#CC79A7', // reddish purple
  disgust: '#009E73', // bluish green
  fear: '#E69F00', // orange
  happy: '#F0E442', // yellow
  neutral: '#BBBBBB', // grey
  sadness: '#0072B2', // blue
  surprise: '#56B4E9', // sky blue
  none: '#EEEEEE',
};

const NAMES = {
  anger: 'Anger',
  contempt: 'Contempt',
  disgust: 'Disgust',
  fear: 'Fear',
  happy: 'Happy',
  neutral: 'Neutral',
  sadness: 'Sadness',
  surprise: 'Surprise',
  none: 'No face',
};

/** The fill colour of an emotion label ("none" for no face); grey for a label outside the contract. */
export function colourOf(label) {
  return COLOURS[label] ?? '#999999';
}

/** The display name of an emotion label; the label itself when it is outside the contract. */
export function nameOf(label) {
  return NAMES[label] ?? String(label);
}

/** Whether text on this label's colour must be white to stay readable (the dark blue and vermillion). */
export function needsLightText(label) {
  return label === 'sadness' || label === 'anger';
}

const SVG_NS = 'http://www.w3.org/2000/svg';

// Schematic features on a 100x100 face: brows, eyes and mouth per label, drawn as paths.
const FEATURES = {
  neutral: { brows: ['M27 33 L43 33', 'M57 33 L73 33'], mouth: 'M34 68 L66 68' },
  happy: { brows: ['M27 31 Q35 27 43 31', 'M57 31 Q65 27 73 31'], mouth: 'M30 60 Q50 84 70 60' },
  sadness: { brows: ['M27 37 L43 30', 'M57 30 L73 37'], mouth: 'M32 74 Q50 58 68 74' },
  anger: { brows: ['M27 29 L44 37', 'M56 37 L73 29'], mouth: 'M34 72 Q50 64 66 72' },
  fear: { brows: ['M27 30 Q35 24 43 29', 'M57 29 Q65 24 73 30'], mouth: 'M36 70 Q50 60 64 70 Q50 78 36 70 Z' },
  surprise: { brows: ['M27 27 Q35 19 43 26', 'M57 26 Q65 19 73 27'], mouth: 'M50 58 A9 12 0 1 0 50.1 58 Z' },
  disgust: { brows: ['M27 34 L43 32', 'M57 32 L73 34'], mouth: 'M32 70 Q41 62 50 68 Q59 74 68 66' },
  contempt: { brows: ['M27 33 L43 33', 'M57 31 L73 29'], mouth: 'M34 69 L56 69 Q64 68 69 61' },
};

/**
 * A small schematic face for a label, as a new SVG element (no image files, nothing of the person). "none" gives
 * an empty dashed outline.
 */
export function iconOf(label, size) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 100 100');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.classList.add('emotion-icon');
  const head = document.createElementNS(SVG_NS, 'circle');
  head.setAttribute('cx', '50');
  head.setAttribute('cy', '50');
  head.setAttribute('r', '45');
  head.setAttribute('fill', colourOf(label));
  head.setAttribute('stroke', '#222222');
  head.setAttribute('stroke-width', '3');
  svg.append(head);
  const features = FEATURES[label];
  if (!features) {
    head.setAttribute('stroke-dasharray', '8 7');
    head.setAttribute('stroke', '#777777');
    return svg;
  }

  const ink = needsLightText(label) ? '#FFFFFF' : '#222222';
  for (const cx of [36, 64]) {
    const eye = document.createElementNS(SVG_NS, 'circle');
    eye.setAttribute('cx', String(cx));
    eye.setAttribute('cy', '44');
    eye.setAttribute('r', label === 'surprise' || label === 'fear' ? '5.5' : '4.5');
    eye.setAttribute('fill', ink);
    svg.append(eye);
  }

  for (const d of [...features.brows, features.mouth]) {
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', d);
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', ink);
    path.setAttribute('stroke-width', '4.5');
    path.setAttribute('stroke-linecap', 'round');
    path.setAttribute('stroke-linejoin', 'round');
    svg.append(path);
  }

  return svg;
}
