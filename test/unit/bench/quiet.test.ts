import { describe, expect, it } from '@jest/globals';
import { parseSamples } from '../../../src/bench/prometheus.js';
import { activityOf, QuietDetector } from '../../../src/bench/quiet.js';

const idle = (reconciles: number, writes = 0) => ({ queued: 0, active: 0, reconciles, writes });

describe('QuietDetector', () => {
  it('reports the start of an idle stretch once it has lasted the window', () => {
    const detector = new QuietDetector(2000);
    expect(detector.observe(0, { queued: 5, active: 2, reconciles: 10, writes: 3 })).toBeUndefined();
    expect(detector.observe(500, idle(20, 9))).toBeUndefined();
    expect(detector.observe(1500, idle(20, 9))).toBeUndefined();
    expect(detector.observe(2400, idle(20, 9))).toBeUndefined();
    expect(detector.observe(2500, idle(20, 9))).toBe(500);
  });

  it('restarts the window when reconciles or writes move, even with empty queues', () => {
    const detector = new QuietDetector(1000);
    detector.observe(0, idle(1));
    detector.observe(900, idle(2));
    expect(detector.observe(1500, idle(2))).toBeUndefined();
    detector.observe(1800, idle(2, 1));
    expect(detector.observe(2700, idle(2, 1))).toBeUndefined();
    expect(detector.observe(2800, idle(2, 1))).toBe(1800);
  });

  it('restarts the window while anything is queued or running', () => {
    const detector = new QuietDetector(1000);
    detector.observe(0, idle(1));
    detector.observe(600, { queued: 0, active: 1, reconciles: 1, writes: 0 });
    expect(detector.observe(1200, idle(1))).toBeUndefined();
    expect(detector.observe(2200, idle(1))).toBe(1200);
  });
});

describe('activityOf', () => {
  it('sums queues, workers, reconciles and writes over controllers and hosts', () => {
    const samples = parseSamples(`workqueue_depth{name="a",controller="a"} 2
workqueue_depth{name="b",controller="b"} 1
controller_runtime_active_workers{controller="a"} 3
controller_runtime_reconcile_total{controller="a",result="success"} 10
controller_runtime_reconcile_total{controller="a",result="requeue_after"} 5
rest_client_requests_total{code="200",method="PATCH",host="h1"} 4
rest_client_requests_total{code="201",method="POST",host="h2"} 1
rest_client_requests_total{code="200",method="GET",host="h2"} 100
`);
    expect(activityOf(samples)).toEqual({ queued: 3, active: 3, reconciles: 15, writes: 5 });
  });
});
