import { describe, expect, it } from '@jest/globals';
import { federationRecordName, federationRecordObject, readFederationRecord, recordConflict } from '../../../../src/cli/join/federation-record.js';

const record = { name: 'federation', id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', server: 'https://fed-a.example:443', context: 'fed-a', joinedAt: '2026-06-01T00:00:00.000Z' };

describe('the federation record', () => {
  it('is a ConfigMap in the member’s federation-system, read back as written', () => {
    const object = federationRecordObject(record);
    expect(object.metadata).toMatchObject({ name: 'kubefed-federation-federation', namespace: 'federation-system' });
    expect(readFederationRecord(object)).toEqual(record);
  });

  it('is no record without an id (a ConfigMap someone else made)', () => {
    expect(readFederationRecord(undefined)).toBeUndefined();
    expect(readFederationRecord({ metadata: { name: 'x' }, data: { federationName: 'federation' } })).toBeUndefined();
  });

  it('has a valid name for any federation name', () => {
    expect(federationRecordName('a'.repeat(300))).toHaveLength(253);
  });
});

describe('recordConflict', () => {
  it('lets the recorded federation, or any when none is recorded, join', () => {
    expect(recordConflict(undefined, { name: 'federation', id: record.id }, 'gcek8s')).toBeUndefined();
    expect(recordConflict(record, { name: 'federation', id: record.id }, 'gcek8s')).toBeUndefined();
  });

  it('refuses another federation of the same name, naming the recorded one’s server, context and join time', () => {
    const message = recordConflict(record, { name: 'federation', id: '9c5b94b1-35ad-49bb-b118-8e8fc24abf80' }, 'gcek8s');
    expect(message).toContain('cluster gcek8s is already joined to another federation named federation');
    expect(message).toContain(`id ${record.id}, API server https://fed-a.example:443, joined 2026-06-01T00:00:00.000Z from context fed-a`);
    expect(message).toContain("this federation's id is 9c5b94b1-35ad-49bb-b118-8e8fc24abf80");
    expect(message).toMatch(/run this federation with another --federation-name/);
  });
});
