import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { EventRecorder, eventName, hasRoom } from '../../../../src/runtime/events/recorder.js';
import type { KubeClient, RequestOptions } from '../../../../src/kube/client.js';
import { silentLogger } from '../../../../src/runtime/observability/logger.js';
import { Redactor } from '../../../../src/runtime/observability/redactor.js';
import { ManualClock } from '../../support/manual-clock.js';

describe('hasRoom', () => {
  test.each([
    ['Normal', 0, 1000, true],
    ['Normal', 999, 1000, true],
    ['Normal', 1000, 1000, false],
    ['Warning', 1000, 1000, true],
    ['Warning', 1999, 1000, true],
    ['Warning', 2000, 1000, false],
  ] as const)('%s event behind %d pending (limit %d): %s', (type, pending, maxPending, expected) => {
    expect(hasRoom(type, pending, maxPending)).toBe(expected);
  });
});

describe('eventName', () => {
  const suffix = '0123456789abcdef';
  const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

  test.each([
    ['a short name, kept whole', 'web', 'web.0123456789abcdef'],
    ['a 236-character name, kept whole', 'a'.repeat(236), `${'a'.repeat(236)}.${suffix}`],
    ['a 253-character name, cut', 'a'.repeat(253), `${'a'.repeat(236)}.${suffix}`],
    ['a name whose cut would end in "-"', `${'a'.repeat(235)}-b`, `${'a'.repeat(235)}.${suffix}`],
    ['a name whose cut would end in "."', `${'a'.repeat(235)}.b`, `${'a'.repeat(235)}.${suffix}`],
    ['a name a DNS subdomain cannot hold (a Cluster may have one)', 'East_Cluster', `east-cluster.${suffix}`],
    ['no name', '', `object.${suffix}`],
  ])('names an Event about %s within 253 characters', (_case, name, expected) => {
    expect(eventName(name, suffix)).toBe(expected);
  });

  test('is a DNS subdomain of at most 253 characters for any object name, and keeps a short name whole', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    const name = fc.array(label, { minLength: 1, maxLength: 8 }).map((labels) => labels.join('.').slice(0, 253)).filter((text) => subdomain.test(text));
    fc.assert(
      fc.property(name, fc.stringMatching(/^[0-9a-f]{16}$/), (objectName, random) => {
        const result = eventName(objectName, random);
        expect(result.length).toBeLessThanOrEqual(253);
        expect(result).toMatch(subdomain);
        expect(result.endsWith(`.${random}`)).toBe(true);
        if (objectName.length <= 236) {
          expect(result).toBe(`${objectName}.${random}`);
        }
      }),
    );
  });
});

describe('EventRecorder', () => {
  test('records an Event about an object with a 253-character name under a valid name, and redacts its message', async () => {
    const requests: RequestOptions[] = [];
    const client = { request: (options: RequestOptions) => Promise.resolve(void requests.push(options)) } as unknown as KubeClient;
    const redactor = new Redactor();
    redactor.set('secret/shop/db', ['hunter22-s3cr3t']);
    const recorder = new EventRecorder({ client, component: 'kubefed', instance: 'test', logger: silentLogger(), redactor, clock: new ManualClock() });
    const name = `${'n'.repeat(200)}.${'m'.repeat(52)}`;
    recorder.record({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop', uid: 'u1' } }, 'Warning', 'CreateInClusterFailed', 'member said hunter22-s3cr3t');
    await recorder.drain();
    const body = requests[0]?.body as { metadata: { name: string }; involvedObject: { name: string }; message: string };
    expect(body.metadata.name.length).toBeLessThanOrEqual(253);
    expect(body.metadata.name.startsWith(`${'n'.repeat(200)}.${'m'.repeat(35)}.`)).toBe(true);
    expect(body.involvedObject.name).toBe(name);
    expect(body.message).toBe('member said [redacted]');
  });
});
