// MemberSummaries on a manual clock: one Event per object and action once every member handed the work
// has reported, a bounded wait from the first finish, and nothing kept for work no member reports on.
import { beforeEach, describe, expect, it } from '@jest/globals';
import { MemberSummaries, type Reporting } from '../../../src/controllers/member-summaries.js';
import type { MemberOutcome } from '../../../src/core/propagation/member-outcomes.js';
import { ManualClock } from '../support/manual-clock.js';
import { quietLogger } from '../support/fake-members.js';

let clock: ManualClock;
let recorded: string[];
let summaries: MemberSummaries;
let settled: string[];
const source = { metadata: { name: 'x', namespace: 'ns', uid: 'u1' } };
const reporting: Reporting = { batch: 'ns/x|u1', source, key: 'ns/x', logger: quietLogger };
const created = (cluster: string): MemberOutcome => ({ cluster, action: 'create', durationMs: 5 });

beforeEach(() => {
  clock = new ManualClock();
  recorded = [];
  settled = [];
  summaries = new MemberSummaries({
    controller: 'configmap',
    recorder: { record: (_object, type, reason, message) => void recorded.push(`${type} ${reason} ${message}`) },
    clock,
    maxWaitMs: 2_000,
    settled: (key) => void settled.push(key),
  });
});

describe('MemberSummaries', () => {
  it('records one Event once every member has reported, whatever the order; a member with nothing to do is left out', () => {
    ['a', 'b', 'c'].forEach((cluster) => summaries.expect(reporting, cluster));
    summaries.finish(reporting, 'c', created('c'));
    summaries.finish(reporting, 'b', undefined);
    expect(recorded).toEqual([]);
    summaries.finish(reporting, 'a', created('a'));
    expect(recorded).toEqual(['Normal CreateInCluster Created configmap "ns/x" in clusters a, c']);
    expect(clock.pending).toBe(0);
  });

  it('waits for the hand-over in a burst however long, then at most maxWaitMs after the first finish', () => {
    ['a', 'b'].forEach((cluster) => summaries.expect(reporting, cluster));
    clock.advance(10_000);
    expect(recorded).toEqual([]);
    summaries.finish(reporting, 'a', created('a'));
    clock.advance(1_999);
    expect(recorded).toEqual([]);
    clock.advance(1);
    expect(recorded).toEqual(['Normal CreateInCluster Created configmap "ns/x" in cluster a']);
    summaries.finish(reporting, 'b', created('b'));
    expect(recorded).toEqual(['Normal CreateInCluster Created configmap "ns/x" in cluster a', 'Normal CreateInCluster Created configmap "ns/x" in cluster b']);
  });

  it('gives up on work no member ever reports on, so nothing is kept', () => {
    summaries.expect(reporting, 'a');
    clock.advance(60_000);
    expect(clock.pending).toBe(0);
    expect(recorded).toEqual([]);
  });

  it('records no Event for a swept object (it is gone), only the log line', () => {
    const swept: Reporting = { batch: 'ns/x|', key: 'ns/x', logger: quietLogger };
    summaries.expect(swept, 'a');
    summaries.finish(swept, 'a', { cluster: 'a', action: 'delete', durationMs: 1 });
    expect(recorded).toEqual([]);
  });

  it('asks for one reconcile when every member is through, not one per member, and one per member that reports after its batch closed', () => {
    ['a', 'b', 'c'].forEach((cluster) => summaries.expect(reporting, cluster));
    summaries.finish(reporting, 'a', created('a'));
    summaries.finish(reporting, 'b', undefined);
    expect(settled).toEqual([]);
    summaries.finish(reporting, 'c', created('c'));
    expect(settled).toEqual(['ns/x']);
    ['a', 'b'].forEach((cluster) => summaries.expect(reporting, cluster));
    summaries.finish(reporting, 'a', created('a'));
    clock.advance(2_000);
    expect(settled).toEqual(['ns/x', 'ns/x']);
    summaries.finish(reporting, 'b', created('b'));
    expect(settled).toEqual(['ns/x', 'ns/x', 'ns/x']);
  });
});
