// What kubefed can do in a member, shown with the very token it holds: the admission policy join installs
// denies every write in the member's system namespaces and any change of Pod Security labels, while
// propagation goes on; and a token from TokenRequest (join's fallback) is renewed before it expires.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { joinCluster } from '../../src/cli/join/join.js';
import { contextClient, loadUserKubeConfig } from '../../src/cli/shared/contexts.js';
import { renewAt, tokenLifetime } from '../../src/members/token-lifetime.js';
import { tokenExpiresAnnotation, tokenIssuedAnnotation, tokenServiceAccountAnnotation } from '../../src/core/well-known.js';
import { kubectl } from '../lab/lab-environment.js';
import { startSuite, stopSuite, type Suite } from './support/suite.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';

const namespace = uniqueName('security');
let suite: Suite;

beforeAll(async () => {
  suite = await startSuite(namespace);
});

afterAll(async () => {
  await stopSuite(suite?.federation, namespace, suite?.manager);
});

interface SecretJson {
  metadata: { annotations?: Record<string, string>; resourceVersion: string };
  data: Record<string, string>;
}

/** memberToken is the token kubefed holds for a member, as the controller-manager reads it from the federation. */
async function memberToken(member: string): Promise<string> {
  const secret = await getJson<SecretJson>(suite.federation, ['secret', `${member}-kubefed`, '-n', 'federation-system']);
  return Buffer.from(secret?.data.token ?? '', 'base64').toString();
}

/** asKubefed runs kubectl against a member with kubefed's own token instead of the lab's admin. */
function asKubefed(member: string, token: string, args: string[], input?: string) {
  return kubectl(member, [`--token=${token}`, ...args], input === undefined ? {} : { input });
}

const denial = /denied request: kubefed \(system:serviceaccount:federation-system:kubefed-master-control\) may not/;

describe('the admission policy join installs in every member', () => {
  test.each(['kube-system', 'kube-public', 'kube-node-lease', 'federation-system'])('denies the member token any write in %s', async (protectedNamespace) => {
    const token = await memberToken('gcek8s');
    const created = await asKubefed('gcek8s', token, ['create', 'configmap', uniqueName('probe'), '-n', protectedNamespace, '--from-literal=a=1']);
    expect(created.code).not.toBe(0);
    expect(created.stderr).toMatch(denial);
    expect(created.stderr).toContain(`may not write in namespace ${protectedNamespace}`);
    const labelled = await asKubefed('gcek8s', token, ['label', 'namespace', protectedNamespace, `probe=${Date.now()}`]);
    expect(labelled.stderr).toMatch(denial);
    // RBAC alone would allow both: the policy is what stops them.
    expect((await asKubefed('gcek8s', token, ['auth', 'can-i', 'create', 'configmaps', '-n', protectedNamespace])).stdout.trim()).toBe('yes');
  });

  test('denies the member token any change of pod-security.kubernetes.io labels, and allows ordinary writes', async () => {
    const token = await memberToken('gcek8s');
    const raised = await asKubefed('gcek8s', token, ['label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=privileged']);
    expect(raised.stderr).toMatch(denial);
    expect(raised.stderr).toContain('may not set or change pod-security.kubernetes.io/* labels on a Namespace');
    const fresh = uniqueName('psa');
    const created = await asKubefed('gcek8s', token, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: fresh, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } }));
    expect(created.stderr).toMatch(/may not set or change pod-security/);
    expect(await getJson('gcek8s', ['namespace', fresh])).toBeUndefined();
    // A label the member's admin set stays, and kubefed may still label the namespace otherwise.
    await run('gcek8s', ['label', 'namespace', namespace, 'pod-security.kubernetes.io/warn=baseline']);
    expect((await asKubefed('gcek8s', token, ['label', 'namespace', namespace, 'team=payments'])).code).toBe(0);
    expect((await asKubefed('gcek8s', token, ['label', 'namespace', namespace, 'pod-security.kubernetes.io/warn-'])).stderr).toMatch(denial);
    const name = uniqueName('allowed');
    expect((await asKubefed('gcek8s', token, ['create', 'configmap', name, '-n', namespace, '--from-literal=a=1'])).code).toBe(0);
    expect((await asKubefed('gcek8s', token, ['delete', 'configmap', name, '-n', namespace])).code).toBe(0);
  });

  test('leaves propagation working; a federated namespace asking for a Pod Security level is refused in members with a Warning', async () => {
    await run(suite.federation, ['create', 'configmap', 'settings', '-n', namespace, '--from-literal=a=1']);
    await waitFor('settings in every member', async () => {
      const copies = await Promise.all(suite.members.map((member) => getJson(member, ['configmap', 'settings', '-n', namespace])));
      return copies.every(Boolean) || copies.map((copy, index) => `${suite.members[index]}: ${copy ? 'yes' : 'no'}`);
    }, 30_000);
    const privileged = uniqueName('privileged');
    await run(suite.federation, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: privileged, labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } } }));
    try {
      await waitFor('a CreateInClusterFailed warning naming the policy', async () => {
        const seen = await events(suite.federation, 'default', privileged);
        return seen.some((line) => /^Warning CreateInClusterFailed .*may not set or change pod-security/.test(line)) || seen;
      }, 30_000);
      expect(await getJson('gcek8s', ['namespace', privileged])).toBeUndefined();
    } finally {
      await run(suite.federation, ['delete', 'namespace', privileged, '--wait=false']);
    }
  });
});

describe("join's TokenRequest fallback", () => {
  afterAll(async () => {
    // The member gets the token controller's token back; join drops the renewal annotations with it.
    await joinAwsk8s(30_000);
  });

  async function joinAwsk8s(tokenWaitMs: number): Promise<string[]> {
    const lines: string[] = [];
    const config = loadUserKubeConfig(suite.state.kubeconfig);
    const federation = await contextClient(config, suite.federation, 'federation');
    const member = await contextClient(config, 'awsk8s', 'cluster awsk8s');
    try {
      await joinCluster({
        name: 'awsk8s',
        federation: federation.client,
        federationContext: federation.context,
        federationName: suite.federation,
        member: member.client,
        memberContext: member.context,
        memberCertificateAuthority: member.certificateAuthority,
        tokenWaitMs,
        log: (line) => lines.push(line),
      });
    } finally {
      await Promise.all([federation.client.close(), member.client.close()]);
    }
    return lines;
  }

  const credentials = () => getJson<SecretJson>(suite.federation, ['secret', 'awsk8s-kubefed', '-n', 'federation-system']);

  test('records the token lifetime, and the controller-manager renews it with the member before it expires', async () => {
    const lines = await joinAwsk8s(0);
    expect(lines.at(-1)).toMatch(/its token expires \d{4}-.* and the controller-manager renews it before then/);
    const joined = await credentials();
    const { lifetime } = tokenLifetime(joined?.metadata.annotations);
    expect(lifetime?.serviceAccount).toBe('kubefed-master-control');
    expect((lifetime?.expiresAt ?? 0) - (lifetime?.issuedAt ?? 0)).toBe(365 * 24 * 3600 * 1000);

    // Make the recorded lifetime nearly over: the controller-manager must ask the member for a new token.
    const now = Date.now();
    const issued = new Date(now - 2 * 3600_000).toISOString();
    const expires = new Date(now + 10 * 60_000).toISOString();
    // Read before the annotation: the controller-manager may renew the token the moment it sees it.
    const before = await credentials();
    expect(renewAt({ ...lifetime!, issuedAt: Date.parse(issued), expiresAt: Date.parse(expires) })).toBeLessThanOrEqual(Date.now());
    await run(suite.federation, ['annotate', 'secret', 'awsk8s-kubefed', '-n', 'federation-system', '--overwrite', `${tokenIssuedAnnotation}=${issued}`, `${tokenExpiresAnnotation}=${expires}`]);
    await waitFor('the token renewed', async () => {
      const current = await credentials();
      return (current?.data.token !== before?.data.token && current?.metadata.annotations?.[tokenExpiresAnnotation] !== expires) || current?.metadata.annotations;
    }, 30_000);
    const renewed = await credentials();
    const next = tokenLifetime(renewed?.metadata.annotations).lifetime;
    expect(next?.serviceAccount).toBe(renewed?.metadata.annotations?.[tokenServiceAccountAnnotation]);
    // The same lifetime as recorded (2h10m), counted from now in the member's clock.
    expect((next?.expiresAt ?? 0) - (next?.issuedAt ?? 0)).toBe(130 * 60_000);
    expect(next?.expiresAt).toBeGreaterThan(Date.parse(expires));
    const token = Buffer.from(renewed?.data.token ?? '', 'base64').toString();
    const whoami = await kubectl('awsk8s', [`--token=${token}`, 'auth', 'whoami', '-o', 'jsonpath={.status.userInfo.username}']);
    expect(whoami.stdout).toBe('system:serviceaccount:federation-system:kubefed-master-control');
    await waitFor('a TokenRenewed event on the Cluster', async () => {
      const seen = await events(suite.federation, 'default', 'awsk8s');
      return seen.some((line) => /^Normal TokenRenewed renewed kubefed's token for cluster awsk8s; the new one expires /.test(line)) || seen;
    }, 30_000);
    // The member client was rebuilt with the new token and keeps working.
    await run(suite.federation, ['create', 'configmap', 'after-renewal', '-n', namespace, '--from-literal=a=1']);
    await waitFor('after-renewal in awsk8s', async () => (await getJson('awsk8s', ['configmap', 'after-renewal', '-n', namespace])) !== undefined, 30_000);
    expect(suite.manager.raw.join('\n')).not.toContain(token);
  });
});
