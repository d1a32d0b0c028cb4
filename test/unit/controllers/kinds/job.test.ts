import { describe, expect, it } from '@jest/globals';
import type { MemberCopy } from '../../../../src/controllers/adapter.js';
import { jobSpec, jobStatus } from '../../../../src/controllers/kinds/job.js';
import type { Condition } from '../../../../src/core/objects.js';
import type { Job } from '../../../../src/core/kinds.js';

describe('jobSpec', () => {
  const generated = {
    parallelism: 2,
    completions: 4,
    selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'fed-uid' } },
    template: {
      metadata: {
        labels: { app: 'etl', 'controller-uid': 'fed-uid', 'batch.kubernetes.io/controller-uid': 'fed-uid', 'job-name': 'etl', 'batch.kubernetes.io/job-name': 'etl' },
        annotations: { note: 'x' },
      },
      spec: { restartPolicy: 'Never' },
    },
  };

  it('drops the selector and pod labels the federation API server generated', () => {
    expect(jobSpec(generated)).toEqual({
      parallelism: 2,
      completions: 4,
      template: { metadata: { labels: { app: 'etl' }, annotations: { note: 'x' } }, spec: { restartPolicy: 'Never' } },
    });
  });

  it('keeps a manual selector and its labels as the user wrote them', () => {
    const manual = { ...generated, manualSelector: true };
    expect(jobSpec(manual)).toEqual(manual);
  });

  it('copes with a spec without template', () => {
    expect(jobSpec({ parallelism: 1, selector: {} })).toEqual({ parallelism: 1 });
  });

  it('does not modify its input', () => {
    const before = structuredClone(generated);
    jobSpec(generated);
    expect(generated).toEqual(before);
  });
});

describe('jobStatus', () => {
  const job: Job = { metadata: { name: 'etl' }, status: { startTime: '2024-01-01T00:00:00Z' } };
  const condition = (type: string, time: string): Condition => ({ type, status: 'True', lastTransitionTime: time });
  const copy = (cluster: string, status: Record<string, unknown>, placed = true): MemberCopy<Job> => ({
    cluster,
    ...(placed ? { hash: 'h' } : {}),
    object: { metadata: { name: 'etl' }, status },
  });
  const complete = (time: string) => ({ succeeded: 2, startTime: '2024-01-01T00:01:00Z', completionTime: time, conditions: [condition('SuccessCriteriaMet', time), condition('Complete', time)] });
  const running = { active: 2, ready: 1, succeeded: 1, startTime: '2024-01-01T00:00:30Z' };

  it('sums the counts of the placed members while they run', () => {
    expect(jobStatus(job, [copy('a', running), copy('b', running), copy('gone', { active: 9 }, false)])).toEqual({
      active: 4,
      ready: 2,
      succeeded: 2,
      failed: 0,
      terminating: 0,
      startTime: '2024-01-01T00:00:30Z',
    });
  });

  it('is Complete only once every placed member completed, at the latest completion time', () => {
    const status = jobStatus(job, [copy('a', complete('2024-01-01T01:00:00Z')), copy('b', complete('2024-01-01T02:00:00Z'))]);
    expect(status).toMatchObject({ succeeded: 4, active: 0, completionTime: '2024-01-01T02:00:00Z' });
    expect(status.conditions).toEqual([condition('SuccessCriteriaMet', '2024-01-01T02:00:00Z'), condition('Complete', '2024-01-01T02:00:00Z')]);
  });

  it.each<[string, MemberCopy<Job>[]]>([
    ['one member still runs', [copy('a', complete('2024-01-01T01:00:00Z')), copy('b', running)]],
    ['one placed member has no Job yet', [copy('a', complete('2024-01-01T01:00:00Z')), { cluster: 'b', hash: 'h' }]],
    ['no member is placed', []],
  ])('is not Complete while %s', (_name, copies) => {
    const status = jobStatus(job, copies);
    expect(status.conditions).toBeUndefined();
    expect(status.completionTime).toBeUndefined();
  });

  it('is Failed as soon as one member failed, even if others completed', () => {
    const failed = { failed: 3, active: 1, conditions: [condition('FailureTarget', '2024-01-01T00:05:00Z'), condition('Failed', '2024-01-01T00:06:00Z')] };
    const status = jobStatus(job, [copy('a', complete('2024-01-01T01:00:00Z')), copy('b', failed)]);
    expect(status).toMatchObject({ failed: 3, active: 0, ready: 0, terminating: 0 });
    expect(status.conditions).toEqual([condition('FailureTarget', '2024-01-01T00:05:00Z'), condition('Failed', '2024-01-01T00:06:00Z')]);
    expect(status.completionTime).toBeUndefined();
  });

  it('keeps the previous start time until a member reports one', () => {
    expect(jobStatus(job, [copy('a', {})]).startTime).toBe('2024-01-01T00:00:00Z');
  });
});
