// The dashboard's entry point: reads the host's configuration, connects to the broker and renders on a timer.

import { loadConfig, connect } from './connection.js';
import { DashboardModel } from './model.js';
import { StatusView } from './status-view.js';
import { EmotionView } from './emotion-view.js';
import { FaceView } from './face-view.js';
import { TimelineView } from './timeline-view.js';
import { AlertsView } from './alerts-view.js';

// Rendering runs on a timer rather than per message: emotions arrive at up to 15/s, and a caregiver's glance needs
// a few updates a second at most. The timeline redraws less often still.
const RENDER_MS = 250;
const TIMELINE_MS = 1000;

async function main() {
  const now = () => Date.now();
  const config = await loadConfig();
  document.querySelector('.device').textContent = config.device;
  const model = new DashboardModel(config);
  const status = new StatusView(document.querySelector('#status'));
  const emotion = new EmotionView(document.querySelector('#emotion'));
  const face = new FaceView(document.querySelector('#why'));
  const timeline = new TimelineView(document.querySelector('#history'), config.timeline_seconds * 1000);
  const alerts = new AlertsView(document.querySelector('#alerts'), document.querySelector('#alert-history'), (id) => {
    model.alerts.acknowledge(id, now());
    render();
  });

  let lastTimeline = 0;
  function render() {
    const t = now();
    const health = model.tick(t);
    status.render(health, model, t);
    emotion.render(health, model, t);
    face.render(health, model);
    alerts.render(model.alerts, t);
    if (t - lastTimeline >= TIMELINE_MS) {
      lastTimeline = t;
      timeline.render(model, t);
    }
  }

  connect(config, model, now);
  render();
  setInterval(render, RENDER_MS);
}

main().catch((error) => {
  const status = document.querySelector('#status');
  status.dataset.state = 'error';
  status.querySelector('.status-text').textContent = 'Dashboard error';
  status.querySelector('.status-detail').textContent = String(error?.message ?? error);
});
