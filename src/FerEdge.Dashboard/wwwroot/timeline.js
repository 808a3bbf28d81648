// The timeline's data: runs of one label ("none" = no face) over receive time, kept for a bounded window.

const MAX_SEGMENTS = 2000;

/**
 * Emotion bands over time. Consecutive messages with the same label extend one segment; a change of label starts a
 * new one that touches the previous; a silence longer than gapMs leaves a hole. Segments older than windowMs are
 * dropped, and at most MAX_SEGMENTS are kept, so memory stays bounded however long the page runs.
 */
export class Timeline {
  constructor(windowMs, gapMs) {
    this.windowMs = windowMs;
    this.gapMs = gapMs;
    this.list = [];
  }

  /** Records one message's label received at nowMs (milliseconds, non-decreasing). */
  add(nowMs, label) {
    const last = this.list.at(-1);
    const contiguous = last && nowMs - last.end <= this.gapMs;
    if (contiguous && last.label === label) {
      last.end = nowMs;
      return;
    }

    if (contiguous) {
      last.end = nowMs;
    }

    this.list.push({ label, start: nowMs, end: nowMs });
    if (this.list.length > MAX_SEGMENTS) {
      this.list.splice(0, this.list.length - MAX_SEGMENTS);
    }
  }

  /** The segments that reach into the window ending at nowMs, oldest first (drops older ones). */
  segments(nowMs) {
    const from = nowMs - this.windowMs;
    let drop = 0;
    while (drop < this.list.length && this.list[drop].end < from) {
      drop++;
    }

    if (drop > 0) {
      this.list.splice(0, drop);
    }

    return this.list;
  }
}
