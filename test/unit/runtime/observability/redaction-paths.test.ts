// Every way a member's message reaches the outside (a log line at any level, an Event, a condition) passes the one
// redactor: these tests send errors that quote a Secret's value down each path and look at everything that comes out.
import { PassThrough } from 'node:stream';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { ClusterController, type HealthRegistry, type ProbedMember } from '../../../../src/controllers/cluster-controller.js';
import { secretAdapter } from '../../../../src/controllers/kinds/secret.js';
import { MemberActions, type RunnableAction } from '../../../../src/controllers/member-actions.js';
import { EventRecorder } from '../../../../src/runtime/events/recorder.js';
import type { KubeClient, RequestOptions } from '../../../../src/kube/client.js';
import { ApiError, errorMessage } from '../../../../src/kube/errors.js';
import type { KubeObject } from '../../../../src/core/objects.js';
import { ClashError } from '../../../../src/members/member.js';
import type { MemberPort, MemberWriter } from '../../../../src/members/ports.js';
import type { MemberView } from '../../../../src/members/registry.js';
import { createLogger, type Logger } from '../../../../src/runtime/observability/logger.js';
import { Metrics } from '../../../../src/runtime/observability/metrics.js';
import { Redactor, secretDataValues } from '../../../../src/runtime/observability/redactor.js';
import { ManualClock } from '../../support/manual-clock.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const password = 'hunter22-s3cr3t';
const keyLine = 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
const key = `-----BEGIN PRIVATE KEY-----\n${keyLine}\n-----END PRIVATE KEY-----\n`;
const leaks = [password, b64(password), keyLine, b64(key)];

const source: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop', uid: 'uid-db' },
  data: { password: b64(password), key: b64(key) },
};

/** Errors a member write can end with, each carrying the value in a different form or place. */
const memberErrors: [string, () => Error][] = [
  ['an admission denial quoting the decoded value', () => new ApiError(422, 'Invalid', `admission denied: password may not be ${password}`)],
  ['a denial quoting the value as stored (base64)', () => new ApiError(403, 'Forbidden', `secrets "db" is forbidden: ${b64(password)}`)],
  ['a denial quoting one line of a multi-line value', () => new ApiError(422, 'Invalid', `key must not start with ${keyLine}`)],
  ['a client error whose cause quotes the value', () => new Error('PATCH https://member/api/v1/namespaces/shop/secrets/db: failed', { cause: new ApiError(500, 'InternalError', `echo ${password}`) })],
  ['a plain error quoting the value', () => new Error(`webhook said ${password}`)],
  ['a clash (no member message, names only)', () => new ClashError('Secret db already exists in cluster east and was not created by kubefed')],
];

const actions: [string, RunnableAction][] = [
  ['create', { kind: 'create' }],
  ['update', { kind: 'update', reason: 'changed' }],
  ['delete', { kind: 'delete' }],
  ['release', { kind: 'release' }],
];

let redactor: Redactor;
let logged: string[];
let logger: Logger;
let requests: RequestOptions[];
let client: KubeClient;
let recorder: EventRecorder;
let clock: ManualClock;

beforeEach(() => {
  redactor = new Redactor();
  redactor.set('secret/shop/db', secretDataValues(source.data as Record<string, string>));
  logged = [];
  const stream = new PassThrough();
  stream.setEncoding('utf8').on('data', (chunk: string) => logged.push(chunk));
  logger = createLogger('debug', stream, redactor);
  requests = [];
  client = { request: (options: RequestOptions) => Promise.resolve(void requests.push(options)) } as unknown as KubeClient;
  clock = new ManualClock();
  recorder = new EventRecorder({ client, component: 'kubefed-controller-manager', instance: 'test', logger, redactor, clock });
});

/** everything is all that left the process: log lines and request bodies (Events, status patches). */
const everything = () => [...logged, ...requests.map((request) => JSON.stringify(request.body))].join('\n');

const expectNoLeak = (text: string) => {
  for (const leak of leaks) {
    expect(text).not.toContain(leak);
  }
};

describe('a member error on its way out', () => {
  describe.each(memberErrors)('%s', (_name, error) => {
    it.each(actions)('from %s: the Event, the action log line and the reconcile error log line are redacted', async (_verb, action) => {
      const failing = () => Promise.reject(error());
      const member: MemberWriter & Pick<MemberPort, 'client'> = { name: 'east', client, create: failing, apply: failing, delete: failing, release: failing };
      const intent = { object: source, hash: 'h', retainedPaths: [] };
      const memberActions = new MemberActions({ adapter: secretAdapter, federation: { name: 'federation', id: 'id' }, recorder, metrics: new Metrics() });
      const thrown = await memberActions.run(member, action, intent, source, source, { reconcileID: 'r1', logger }).catch((caught: unknown) => caught);
      expect(thrown).toBeInstanceOf(Error);
      // The controller logs what the reconcile threw, as Controller#process does.
      logger.warn('reconcile failed, will retry', { error: errorMessage(thrown) });
      await recorder.drain();
      const events = requests.filter((request) => request.method === 'POST');
      expect(events).toHaveLength(1);
      expect((events[0]?.body as { type: string }).type).toBe('Warning');
      expect(logged.length).toBeGreaterThanOrEqual(2);
      expectNoLeak(everything());
      expect(everything()).toContain(error() instanceof ClashError ? 'already exists in cluster east' : '[redacted]');
    });
  });
});

describe('the logger', () => {
  it.each(['error', 'warn', 'info', 'debug'])('redacts every field at level %s: message, fields, nested objects, child metadata', (level) => {
    logger.child({ cluster: `east ${password}` }).log(level, `rejected ${password}`, { error: `quoted ${b64(password)}`, patch: { data: { key: [keyLine] } } });
    expect(logged).toHaveLength(1);
    expectNoLeak(everything());
    expect(JSON.parse(logged[0] ?? '{}')).toMatchObject({ level, msg: 'rejected [redacted]', cluster: 'east [redacted]', error: 'quoted [redacted]', patch: { data: { key: ['[redacted]'] } } });
  });
});

describe('the cluster controller', () => {
  it('redacts a problem quoting a credential in the Ready condition, the ClusterNotReady Event and the log', async () => {
    const cluster = { apiVersion: 'federation.kubefed.dev/v1beta1', kind: 'Cluster', metadata: { name: 'east', uid: 'uid-east' } };
    const view: MemberView<ProbedMember> = { name: 'east', labels: {}, cluster, problem: `cluster east: member said ${password}`, problemReason: 'CredentialsRejected', ready: false, failed: false };
    const registry: HealthRegistry = { views: () => [view], onChange: () => undefined, setReady: () => undefined, setNodes: () => undefined, announce: () => undefined };
    const controller = new ClusterController({
      registry,
      client,
      recorder,
      logger,
      metrics: new Metrics(),
      redactor,
      clock,
      periodMs: 1_000,
      timeoutMs: 1_000,
      failureThreshold: 1,
      successThreshold: 1,
      failoverGraceMs: 60_000,
    });
    controller.start();
    clock.advance(0);
    await controller.stop();
    await recorder.drain();
    const status = requests.find((request) => request.path.endsWith('/status'))?.body as { status: { conditions: { type: string; reason: string; message: string }[] } };
    expect(status.status.conditions[0]).toMatchObject({ type: 'Ready', reason: 'CredentialsRejected', message: 'cluster east: member said [redacted]' });
    expect(requests.some((request) => request.method === 'POST' && JSON.stringify(request.body).includes('ClusterNotReady'))).toBe(true);
    expectNoLeak(everything());
  });
});
