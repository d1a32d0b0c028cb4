import { describe, expect, it } from '@jest/globals';
import { analyzePods, type PodLike } from '../../../src/scheduling/pod-analysis.js';

const now = new Date('2024-05-01T12:00:00Z');
const secondsAgo = (s: number): string => new Date(now.getTime() - s * 1000).toISOString();

const running = (ready: string | undefined): PodLike => ({
  status: { phase: 'Running', conditions: ready === undefined ? [] : [{ type: 'Ready', status: ready }] },
});
const pending = (status: string, reason: string | undefined, since: string | undefined, phase = 'Pending'): PodLike => ({
  status: {
    phase,
    conditions: [
      {
        type: 'PodScheduled',
        status,
        ...(reason !== undefined && { reason }),
        ...(since !== undefined && { lastTransitionTime: since }),
      },
    ],
  },
});

describe('analyzePods', () => {
  it.each<[string, PodLike, number, number]>([
    ['running and ready', running('True'), 1, 0],
    ['running, Ready=False (v1 counted it)', running('False'), 0, 0],
    ['running, Ready=Unknown', running('Unknown'), 0, 0],
    ['running without a Ready condition', running(undefined), 0, 0],
    ['pending, ready condition but not running', { status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'True' }] } }, 0, 0],
    ['unschedulable for 2 minutes', pending('False', 'Unschedulable', secondsAgo(120)), 0, 1],
    ['unschedulable for exactly the threshold', pending('False', 'Unschedulable', secondsAgo(60)), 0, 0],
    ['unschedulable for 30 seconds', pending('False', 'Unschedulable', secondsAgo(30)), 0, 0],
    ['unschedulable with no transition time (Go zero time)', pending('False', 'Unschedulable', undefined), 0, 1],
    ['unschedulable with an unreadable transition time', pending('False', 'Unschedulable', 'yesterday'), 0, 0],
    ['not scheduled for another reason', pending('False', 'SchedulerError', secondsAgo(120)), 0, 0],
    ['scheduled', pending('True', undefined, secondsAgo(120)), 0, 0],
    ['running with a stale Unschedulable condition', pending('False', 'Unschedulable', secondsAgo(120), 'Running'), 0, 0],
    ['no status at all', {}, 0, 0],
  ])('%s', (_name, pod, runningAndReady, unschedulable) => {
    expect(analyzePods([pod], now)).toEqual({ runningAndReady, unschedulable });
  });

  it('counts each pod once, however many matching conditions it has', () => {
    const twice: PodLike = {
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }, { type: 'Ready', status: 'True' }] },
    };
    expect(analyzePods([twice, running('True'), pending('False', 'Unschedulable', secondsAgo(90))], now)).toEqual({
      runningAndReady: 2,
      unschedulable: 1,
    });
  });

  it('takes the threshold as a parameter', () => {
    const pod = pending('False', 'Unschedulable', secondsAgo(30));
    expect(analyzePods([pod], now, 10_000)).toEqual({ runningAndReady: 0, unschedulable: 1 });
    expect(analyzePods([], now)).toEqual({ runningAndReady: 0, unschedulable: 0 });
  });
});
