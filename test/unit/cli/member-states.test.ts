import { describe, expect, it } from '@jest/globals';
import { genericAdapter } from '../../../src/controllers/kinds/generic.js';
import type { KubeObject } from '../../../src/core/objects.js';
import { memberStatesAnnotation } from '../../../src/core/well-known.js';
import type { ResourceType } from '../../../src/kube/resources.js';
import { memberStateRows, type MemberStateRow, printable, renderMemberStates } from '../../../src/cli/status/member-states.js';
import { renderStatus, statusReport } from '../../../src/cli/status/report.js';
import { federatedAdapters } from '../../../src/cli/status/collect.js';
import type { KindSnapshot } from '../../../src/cli/status/sync.js';

const widgets: ResourceType = { group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets', namespaced: true };

const widget = (name: string, states?: string): KubeObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name, namespace: 'shop', ...(states === undefined ? {} : { annotations: { [memberStatesAnnotation]: states } }) },
  spec: {},
});

const enabled = (objects: KubeObject[]): KindSnapshot => ({ adapter: genericAdapter(widgets), enabled: true, objects, copies: {} });
const about = { kind: 'Widget', namespace: 'shop' };

describe('memberStateRows', () => {
  it.each<[string, string | undefined, MemberStateRow[]]>([
    ['an object not reconciled yet (no annotation)', undefined, []],
    ['members in and out of sync, without conditions', '{"b":{"synced":false},"a":{"synced":true}}', [
      { ...about, name: 'w', cluster: 'a', synced: true },
      { ...about, name: 'w', cluster: 'b', synced: false },
    ]],
    ['a member with its Ready condition', '{"a":{"synced":true,"Ready":{"status":"False","reason":"IssuerNotReady","message":"issuer ca is not ready"}}}', [
      { ...about, name: 'w', cluster: 'a', synced: true, Ready: { status: 'False', reason: 'IssuerNotReady', message: 'issuer ca is not ready' } },
    ]],
    ['text that is not JSON', '{"a":{"synced":tr', [
      { ...about, name: 'w', problem: expect.stringMatching(/^unreadable federation\.kubefed\.dev\/member-states annotation: member-states: invalid JSON: /) as unknown as string },
    ]],
    ['a member entry of the wrong shape', '{"a":{"synced":"yes"}}', [
      { ...about, name: 'w', problem: 'unreadable federation.kubefed.dev/member-states annotation: member-states["a"].synced must be true or false, got "yes"' },
    ]],
    ['escape sequences and newlines in what a member wrote', '{"a\\u001b[2J":{"synced":true,"Ready":{"status":"True","reason":"Ok\\u202e","message":"line one\\nline two \\u001b]0;owned\\u0007"}}}', [
      { ...about, name: 'w', cluster: 'a [2J', synced: true, Ready: { status: 'True', reason: 'Ok ', message: 'line one line two  ]0;owned ' } },
    ]],
  ])('%s', (_name, states, rows) => {
    expect(memberStateRows([enabled([widget('w', states)])])).toEqual(rows);
  });

  it('bounds what a member wrote, however long', () => {
    const [row] = memberStateRows([enabled([widget('w', JSON.stringify({ a: { synced: true, Ready: { status: 'False', message: 'x'.repeat(100_000) } } }))])]);
    expect(row?.Ready?.message?.length).toBe(256);
  });

  it('reads only enabled types, whose controller writes the annotation, in name order', () => {
    const builtIn = federatedAdapters().find((adapter) => adapter.type.kind === 'ConfigMap')!;
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop', annotations: { [memberStatesAnnotation]: '{"a":{"synced":true}}' } } };
    const rows = memberStateRows([{ adapter: builtIn, objects: [configMap], copies: {} }, enabled([widget('z', '{"a":{"synced":true}}'), widget('m', '{"a":{"synced":false}}')])]);
    expect(rows.map((row) => row.name)).toEqual(['m', 'z']);
  });
});

describe('printable', () => {
  it.each([
    ['plain text', 'all good', 10, 'all good'],
    ['control characters', 'a\tb\r\nc\u0000d', 20, 'a b  c d'],
    ['a bidirectional override', 'abc\u202edef', 20, 'abc def'],
    ['text over the limit', 'abcdefghij', 5, 'abcd…'],
  ])('%s', (_name, text, limit, expected) => {
    expect(printable(text, limit)).toBe(expected);
  });
});

describe('renderMemberStates', () => {
  it.each<[string, MemberStateRow, string]>([
    ['in sync and Ready', { ...about, name: 'w', cluster: 'a', synced: true, Ready: { status: 'True', reason: 'Issued', message: 'certificate is up to date' } }, 'Widget   shop        w      a         yes      True    -           Issued: certificate is up to date'],
    ['out of sync, no conditions', { ...about, name: 'w', cluster: 'a', synced: false }, 'Widget   shop        w      a         no       -       -'],
    ['both conditions, each named', { ...about, name: 'w', cluster: 'a', synced: true, Ready: { status: 'False', reason: 'Pending' }, Available: { status: 'False', message: 'no pods' } }, 'Widget   shop        w      a         yes      False   False       Ready: Pending; Available: no pods'],
    ['an unreadable annotation', { ...about, name: 'w', problem: 'unreadable federation.kubefed.dev/member-states annotation: bad' }, 'Widget   shop        w      *         ?        -       -           unreadable federation.kubefed.dev/member-states annotation: bad'],
  ])('%s', (_name, row, line) => {
    const [header, body] = renderMemberStates([row]).trimEnd().split('\n');
    expect(header).toBe('KIND     NAMESPACE   NAME   CLUSTER   SYNCED   READY   AVAILABLE   MESSAGE');
    expect(body).toBe(line);
  });

  it('is a section of kubefed status only when an enabled type has objects', () => {
    const base = { federation: 'fed', server: 'https://x', clusters: [], objects: 1, outOfSync: [] };
    const now = new Date(0);
    expect(renderStatus(statusReport(base), now)).not.toContain('Member copies');
    const text = renderStatus(statusReport({ ...base, memberStates: [{ ...about, name: 'w', cluster: 'a', synced: true, Ready: { status: 'True' } }] }), now);
    expect(text).toMatch(/Member copies of enabled types\nKIND .*\nWidget +shop +w +a +yes +True/);
  });
});
