// Corrections: who is in front (set_person) and their neutral face (calibrate_neutral), "this is actually: ..."
// buttons under the current state, undo and reset, and how many corrections the person's profile holds. Commands go
// to the robot on its command topic through the page's MQTT connection; the count, the person and whether a neutral
// face is calibrated come from the robot's replies (and the person's name from the status), never from the page's
// own tally.

import { EMOTIONS, nameOf } from './palette.js';
import { setText } from './dom.js';

/** How long a calibration from the page watches the person's relaxed face. */
const CALIBRATION_SECONDS = 5;

export class CorrectionsView {
  /** root: the panel; send(command, args) publishes a command and returns its id. */
  constructor(root, send) {
    this.root = root;
    this.send = send;
    this.count = root.querySelector('.corrections-count');
    this.message = root.querySelector('.corrections-message');
    const buttons = root.querySelector('.corrections-buttons');
    buttons.replaceChildren(...EMOTIONS.map((label) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'correct-button';
      button.dataset.correct = label;
      button.textContent = nameOf(label);
      button.addEventListener('click', () => this.command('correct', { emotion: label }, `Told the robot: this is ${nameOf(label).toLowerCase()}`));
      return button;
    }));
    const person = root.querySelector('.person-name');
    root.querySelector('.person-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = person.value.trim();
      if (!name) {
        setText(this.message, 'Type the name of the person in front of the robot first');
        return;
      }

      this.command('set_person', { person: name }, `Telling the robot: ${name} is in front`);
    });
    root.querySelector('.person-calibrate').addEventListener('click', () => this.command(
      'calibrate_neutral', { seconds: CALIBRATION_SECONDS },
      `Calibrating for ${CALIBRATION_SECONDS} s: the person looks at the robot with a relaxed face`));
    root.querySelector('.corrections-undo').addEventListener('click', () => this.command('undo', {}, 'Undoing the last correction'));
    root.querySelector('.corrections-reset').addEventListener('click', () => {
      if (window.confirm('Forget every correction and the calibrated neutral face of this person?')) {
        this.command('reset', {}, 'Resetting the profile');
      }
    });
    this.shown = undefined;
    this.askedFor = null;
  }

  command(name, args, pending) {
    this.send(name, args);
    setText(this.message, pending);
  }

  render(model) {
    const status = model.status;
    if (model.connection === 'connected' && status && status !== this.askedFor && status.state !== 'offline') {
      // Ask for the profile on every new status of a running device: the device announces itself after it has
      // subscribed to its commands, so the question is not lost, and a new person in the status gets their count.
      this.askedFor = status;
      this.send('profile', {});
    }

    const profile = model.profile;
    const person = profile?.person ?? model.status?.person ?? null;
    const key = `${person}|${profile?.corrections}|${profile?.calibrated}|${profile?.error}|${profile?.reply}`;
    if (key === this.shown) {
      return;
    }

    this.shown = key;
    const who = person ? `${person}'s profile` : 'This session';
    const count = profile?.corrections;
    this.root.dataset.corrections = count ?? '';
    this.root.dataset.person = person ?? '';
    this.root.dataset.calibrated = profile ? String(profile.calibrated) : '';
    const neutral = profile?.calibrated ? ', neutral face calibrated' : '';
    setText(this.count, count == null ? `${who}: corrections not known yet` : `${who}: ${count} correction${count === 1 ? '' : 's'}${neutral}`);
    if (profile?.error) {
      setText(this.message, `The robot said: ${profile.error}`);
    } else if (profile?.command === 'calibrate_neutral') {
      setText(this.message, `Neutral face calibrated from ${profile.frames ?? 0} frames`);
    } else if (profile) {
      setText(this.message, '');
    }
  }
}
