// Hostile input at every boundary, on the lab: requests to the controller-manager's ports, credentials Secrets that
// would run a program or read files, a member admission policy that echoes a Secret's value back, and a flag
// value that would have switched TLS verification off.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dumpYaml } from '@kubernetes/client-node';
import { labKubeconfig, runProcess } from '../lab/lab-environment.js';
import { captureClientHello, exchange, rawRequest, statusOf } from '../unit/support/raw-http.js';
import { ControllerManager } from './support/controller-manager.js';
import { events, getJson, run, uniqueName, waitFor } from './support/federation.js';
import { startSuite, stopSuite } from './support/suite.js';

const namespace = uniqueName('security');
const cli = fileURLToPath(new URL('../../bin/kubefed.js', import.meta.url));
let federation: string;
let members: string[];
let manager: ControllerManager;

interface ClusterJson {
  spec: { serverAddressByClientCIDRs: { serverAddress: string }[]; secretRef: { name: string } };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[] };
}

const readyCondition = async (name: string) =>
  (await getJson<ClusterJson>(federation, ['cluster', name]))?.status?.conditions?.find((condition) => condition.type === 'Ready');

beforeAll(async () => {
  ({ federation, members, manager } = await startSuite(namespace));
});

afterAll(() => stopSuite(federation, namespace, manager));

describe('the listeners', () => {
  test('answer malformed requests with 4xx, and /healthz and /metrics keep answering', async () => {
    const hello = await captureClientHello();
    const malformed: [string, Buffer][] = [
      ['a target URL parsing rejects', rawRequest('GET //x:y HTTP/1.1')],
      ['an absolute-form target', rawRequest('GET http://x:y/metrics HTTP/1.1')],
      ['an asterisk target', rawRequest('OPTIONS * HTTP/1.1')],
      ['an unknown method', rawRequest('BREW /metrics HTTP/1.1')],
      ['oversized headers', rawRequest('GET /metrics HTTP/1.1', ['Host: x', `X-Fill: ${'a'.repeat(20_000)}`])],
      ['an invalid request line', Buffer.from('\u0000\u0001\u0002 garbage\r\n\r\n', 'latin1')],
      ['a TLS ClientHello', hello],
    ];
    for (const port of [manager.probePort, manager.metricsPort]) {
      for (const [name, bytes] of malformed) {
        const status = statusOf(await exchange(port ?? 0, bytes));
        expect({ name, port, status: status !== undefined && status >= 400 && status < 500 }).toEqual({ name, port, status: true });
        expect(await manager.probe('/healthz')).toBe(200);
        expect(await manager.metrics()).toContain('# TYPE kubefed_cluster_ready gauge');
      }
    }
    expect(manager.exitCode).toBeUndefined();
  });
});

describe('a credentials Secret', () => {
  let directory: string;
  let server: string;
  const created: string[] = [];

  /** joinHostile registers a Cluster at a real member's address whose credentials Secret holds `data`. */
  async function joinHostile(prefix: string, data: Record<string, string>): Promise<string> {
    const name = uniqueName(prefix);
    created.push(name);
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'federation-system' }, stringData: data };
    const cluster = {
      apiVersion: 'federation.kubefed.dev/v1beta1',
      kind: 'Cluster',
      metadata: { name },
      spec: { serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: server }], secretRef: { name } },
    };
    await run(federation, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [secret, cluster] }));
    return name;
  }

  async function rejected(name: string): Promise<string> {
    let message = '';
    await waitFor(`cluster ${name} not ready with CredentialsRejected`, async () => {
      const ready = await readyCondition(name);
      message = ready?.message ?? '';
      return (ready?.status === 'False' && ready.reason === 'CredentialsRejected') || ready;
    }, 30_000);
    return message;
  }

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'kubefed-security-'));
    server = (await getJson<ClusterJson>(federation, ['cluster', members[0] ?? '']))?.spec.serverAddressByClientCIDRs[0]?.serverAddress ?? '';
  });

  afterAll(async () => {
    for (const name of created) {
      await run(federation, ['delete', 'cluster', name, '--ignore-not-found']).catch(() => undefined);
      await run(federation, ['delete', 'secret', name, '-n', 'federation-system', '--ignore-not-found']).catch(() => undefined);
    }
    await rm(directory, { recursive: true, force: true });
  });

  test('with an exec plugin and file paths is refused by name: the Cluster is not Ready (CredentialsRejected) and the plugin never runs', async () => {
    const marker = path.join(directory, 'exec-plugin-ran');
    const credential = JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: { token: 'from-the-plugin' } });
    const kubeconfig = dumpYaml({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'member', cluster: { server: `https://${server}`, 'certificate-authority': '/etc/hosts' } }],
      users: [
        {
          name: 'attacker',
          user: {
            exec: { apiVersion: 'client.authentication.k8s.io/v1', command: '/bin/sh', args: ['-c', `touch ${marker}; echo '${credential}'`], interactiveMode: 'Never' },
            tokenFile: '/etc/passwd',
            'client-certificate': '/etc/passwd',
            'client-key': '/etc/passwd',
          },
        },
      ],
      contexts: [{ name: 'member', context: { cluster: 'member', user: 'attacker' } }],
      'current-context': 'member',
    });
    const name = await joinHostile('hostile', { kubeconfig });
    const message = await rejected(name);
    for (const field of ['cluster.certificate-authority', 'user.exec', 'user.tokenFile', 'user.client-certificate', 'user.client-key']) {
      expect(message).toContain(field);
    }
    expect(message).not.toMatch(/\/etc\/|\/bin\/sh|touch/);
    await waitFor('the rejection logged', () => manager.lines.some((line) => line.cluster === name && line.reason === 'CredentialsRejected'), 30_000);
    // The CLI reaches members through the same credentials: it must refuse them too.
    const status = await runProcess(process.execPath, [cli, 'status', `--kubeconfig=${labKubeconfig()}`, `--context=${federation}`], { env: { ...process.env, NO_COLOR: '1' } });
    expect(status.stdout + status.stderr).toContain(name);
    expect(existsSync(marker)).toBe(false);
  });

  test('without a CA is refused rather than verified against the public roots', async () => {
    const name = await joinHostile('no-ca', { token: 'a-token-without-a-ca' });
    expect(await rejected(name)).toContain('there is no CA certificate');
  });

  test('whose kubeconfig does not parse is reported by line number, without quoting its neighbouring lines', async () => {
    const token = `neighbour-${uniqueName('token')}`;
    const name = await joinHostile('unparsable', { kubeconfig: `apiVersion: v1\nusers:\n- name: admin\n  user:\n    token: ${token}\n   broken: [\n` });
    expect(await rejected(name)).toBe(`cluster ${name}: credentials secret ${name}: the kubeconfig is not valid YAML (line 6)`);
    await waitFor('the ClusterNotReady event', async () => (await events(federation, 'default', name)).some((line) => line.includes('ClusterNotReady')), 30_000);
    const everything = [manager.raw.join('\n'), await run(federation, ['get', 'events', '-A', '-o', 'json']), await run(federation, ['get', 'clusters', '-o', 'json'])].join('\n');
    expect(everything).not.toContain(token);
  });
});

describe('a member admission policy that echoes a Secret value', () => {
  const member = 'gcek8s';
  const policy = `kubefed-e2e-echo-${namespace}`;

  afterAll(async () => {
    await run(member, ['delete', 'validatingadmissionpolicybinding', policy, '--ignore-not-found']).catch(() => undefined);
    await run(member, ['delete', 'validatingadmissionpolicy', policy, '--ignore-not-found']).catch(() => undefined);
  });

  test('rejects the copy with a Warning Event, and the value reaches no log line at any level, no Event and no Cluster status', async () => {
    const echo = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: policy },
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['secrets'] }] },
        validations: [{ expression: "!has(object.data) || !('password' in object.data)", messageExpression: "'password may not be ' + string(object.data.password)" }],
      },
    };
    const binding = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: { name: policy },
      spec: { policyName: policy, validationActions: ['Deny'], matchResources: { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespace } } } },
    };
    await run(member, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [echo, binding] }));
    await waitFor('the policy echoing values in the member', async () => {
      const probe = await runProcess(process.env.KUBECTL ?? 'kubectl', [`--kubeconfig=${labKubeconfig()}`, `--context=${member}`, 'create', 'secret', 'generic', 'probe', '-n', namespace, '--from-literal=password=probe-value', '--dry-run=server']);
      // CEL sees Secret data as stored (base64), so the policy echoes that form; the decoded form is redacted as well.
      return probe.stderr.includes(`password may not be ${Buffer.from('probe-value').toString('base64')}`) || probe.stderr || probe.stdout;
    }, 30_000);

    const value = `s3cr3t-${uniqueName('echoed')}`;
    const name = uniqueName('echoed');
    await run(federation, ['create', 'secret', 'generic', name, '-n', namespace, `--from-literal=password=${value}`]);
    await waitFor('the rejection in the member reported as a Warning Event', async () => {
      const found = await events(federation, namespace, name);
      return found.some((line) => line.startsWith('Warning CreateInClusterFailed') && line.includes(member) && line.includes('password may not be [redacted]')) || found;
    }, 30_000);
    for (const other of members.filter((candidate) => candidate !== member)) {
      await waitFor(`${name} in ${other}`, async () => (await getJson(other, ['secret', name, '-n', namespace])) !== undefined, 30_000);
    }
    expect(manager.lines.some((line) => line.level === 'debug')).toBe(true);
    expect(manager.lines.some((line) => line.level === 'warn' && line.cluster === member && String(line.error).includes('password may not be [redacted]'))).toBe(true);
    const everything = [
      manager.raw.join('\n'),
      await run(federation, ['get', 'events', '-A', '-o', 'json']),
      await run(federation, ['get', 'clusters', '-o', 'json']),
      await manager.metrics(),
    ].join('\n');
    expect(everything).toContain(name);
    expect(everything).not.toContain(value);
    expect(everything).not.toContain(Buffer.from(value).toString('base64'));
  });
});

describe('TLS verification', () => {
  test.each(['off', ''])('%j as KUBEFED_INSECURE_SKIP_MEMBER_TLS_VERIFY is a startup error (exit 2, one line naming the variable)', async (value) => {
    const refused = await ControllerManager.start({ env: { KUBEFED_INSECURE_SKIP_MEMBER_TLS_VERIFY: value }, waitReady: false });
    expect(await refused.exited()).toBe(2);
    const output = refused.raw.join('').trim();
    expect(output.split('\n')).toHaveLength(1);
    expect(output).toContain(`value '${value}' from env 'KUBEFED_INSECURE_SKIP_MEMBER_TLS_VERIFY' is invalid`);
    expect(output).toContain('use true, false, 1 or 0');
  });
});
