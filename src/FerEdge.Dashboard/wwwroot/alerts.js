// Alert rules, kept free of the DOM and of the clock (times come in as arguments) so they can be tested alone.

const HISTORY_LIMIT = 10;

/**
 * Raises alerts for states that need a caregiver's attention:
 * - "emotion": the decided emotion stays within the configured set (e.g. sadness, anger, fear) longer than
 *   emotionSeconds, counted over consecutive messages; a message with another emotion or no face ends the episode;
 * - "no-face": no face is in view longer than noFaceSeconds (null turns the rule off).
 * An episode raises at most one alert. An alert stays active, marked ended once its episode ends, until it is
 * acknowledged; acknowledged alerts move to a short history, newest first.
 */
export class AlertEngine {
  /** @param {{emotions: string[], emotion_seconds: number, no_face_seconds: number|null}} rules */
  constructor(rules) {
    this.emotions = new Set(rules.emotions ?? []);
    this.emotionMs = rules.emotion_seconds * 1000;
    this.noFaceMs = rules.no_face_seconds == null ? null : rules.no_face_seconds * 1000;
    this.active = [];
    this.history = [];
    this.episodes = { emotion: null, 'no-face': null };
    this.nextId = 1;
  }

  /**
   * Takes one emotion message received at nowMs ({faces, emotion}) and applies the rules.
   * @returns {boolean} whether the active alerts changed
   */
  observe(nowMs, sample) {
    // The decided emotion is null exactly when no face is in view (the contract's "faces":0 message).
    const noFace = sample.emotion == null;
    const inSet = !noFace && this.emotions.has(sample.emotion);
    let changed = this.track('emotion', inSet && this.emotions.size > 0, nowMs, sample.emotion);
    changed = this.track('no-face', noFace && this.noFaceMs != null, nowMs, null) || changed;
    return this.tick(nowMs) || changed;
  }

  /**
   * Raises the alerts whose episodes have lasted long enough by nowMs; call it on a timer as well as per message.
   * @returns {boolean} whether the active alerts changed
   */
  tick(nowMs) {
    let changed = false;
    for (const rule of ['emotion', 'no-face']) {
      const episode = this.episodes[rule];
      const limit = rule === 'emotion' ? this.emotionMs : this.noFaceMs;
      if (episode && !episode.alert && limit != null && nowMs - episode.startMs >= limit) {
        episode.alert = {
          id: this.nextId++,
          rule,
          emotion: episode.emotion,
          seconds: limit / 1000,
          startMs: episode.startMs,
          raisedMs: nowMs,
          endedMs: null,
          acknowledgedMs: null,
        };
        this.active.push(episode.alert);
        changed = true;
      }
    }

    return changed;
  }

  /**
   * Ends every running episode: the data stopped (stale, offline or disconnected), so nothing is known to go on.
   * @returns {boolean} whether an active alert changed
   */
  interrupt() {
    let changed = false;
    for (const rule of ['emotion', 'no-face']) {
      changed = this.end(rule) || changed;
    }

    return changed;
  }

  /**
   * Acknowledges an active alert by id, moving it to the history.
   * @returns {boolean} whether an alert was acknowledged
   */
  acknowledge(id, nowMs) {
    const index = this.active.findIndex((a) => a.id === id);
    if (index < 0) {
      return false;
    }

    const [alert] = this.active.splice(index, 1);
    alert.acknowledgedMs = nowMs;
    this.history.unshift(alert);
    this.history.length = Math.min(this.history.length, HISTORY_LIMIT);
    return true;
  }

  track(rule, holds, nowMs, emotion) {
    const episode = this.episodes[rule];
    if (!holds) {
      return this.end(rule);
    }

    if (!episode) {
      this.episodes[rule] = { startMs: nowMs, lastMs: nowMs, emotion, alert: null };
    } else {
      episode.lastMs = nowMs;
      // The alert names the emotion it was raised for; until then, the latest one in the set.
      if (!episode.alert && emotion) {
        episode.emotion = emotion;
      }
    }

    return false;
  }

  end(rule) {
    const episode = this.episodes[rule];
    this.episodes[rule] = null;
    if (episode?.alert && episode.alert.endedMs == null) {
      // The episode ended with its last matching message, not when the end was noticed.
      episode.alert.endedMs = episode.lastMs;
      return true;
    }

    return false;
  }
}
