import { describe, expect, test } from '@jest/globals';
import {
  apiServerArguments,
  controllerManagerArguments,
  etcdArguments,
  kwokArguments,
  minimalControllers,
  schedulerArguments,
} from '../../../../src/cli/lab/arguments.js';

const apiServer = apiServerArguments({
  cluster: 'gcek8s',
  port: 6443,
  etcdClientPort: 2379,
  certificateDirectory: '/lab/clusters/gcek8s/certificates',
  serviceAccountKey: '/lab/clusters/gcek8s/service-account.key',
  tokens: '/lab/clusters/gcek8s/tokens.csv',
});

describe('kube-apiserver arguments', () => {
  test('share etcd under a per-cluster prefix and stay on loopback', () => {
    expect(apiServer).toEqual(
      expect.arrayContaining([
        '--etcd-servers=http://127.0.0.1:2379',
        '--etcd-prefix=/gcek8s/registry',
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        '--secure-port=6443',
        '--endpoint-reconciler-type=none',
      ]),
    );
  });

  test('self-sign into the cert-dir, issue service-account tokens and authenticate the admin by token under RBAC', () => {
    expect(apiServer).toEqual(
      expect.arrayContaining([
        '--cert-dir=/lab/clusters/gcek8s/certificates',
        '--service-account-issuer=https://127.0.0.1:6443',
        '--service-account-key-file=/lab/clusters/gcek8s/service-account.key',
        '--service-account-signing-key-file=/lab/clusters/gcek8s/service-account.key',
        '--token-auth-file=/lab/clusters/gcek8s/tokens.csv',
        '--authorization-mode=RBAC',
      ]),
    );
    expect(apiServer.some((argument) => argument.startsWith('--tls-cert-file'))).toBe(false);
  });

  test('end watches quickly on SIGTERM', () => {
    expect(apiServer).toContain('--shutdown-watch-termination-grace-period=2s');
  });
});

describe('kube-controller-manager arguments', () => {
  const common = {
    cluster: 'master-control',
    port: 10257,
    kubeconfig: '/lab/kubeconfig',
    serviceAccountKey: '/lab/sa.key',
    rootCertificateAuthority: '/lab/ca.crt',
  };

  test('without workloads run only namespace and service-account controllers', () => {
    const parameters = controllerManagerArguments({ ...common, workloads: false });
    expect(parameters).toContain(`--controllers=${minimalControllers.join(',')}`);
    expect(parameters.join(' ')).not.toMatch(/deployment|garbage/);
  });

  test('with workloads run the default set except the HPA controller, which has no metrics to act on in the lab', () => {
    expect(controllerManagerArguments({ ...common, workloads: true })).toContain('--controllers=*,-horizontal-pod-autoscaler-controller');
  });

  test('serve health on their own loopback port without leader election, with keys and kwokctl node monitoring', () => {
    expect(controllerManagerArguments({ ...common, workloads: true })).toEqual(
      expect.arrayContaining([
        '--kubeconfig=/lab/kubeconfig',
        '--leader-elect=false',
        '--bind-address=127.0.0.1',
        '--secure-port=10257',
        '--service-account-private-key-file=/lab/sa.key',
        '--root-ca-file=/lab/ca.crt',
        '--node-monitor-period=5s',
        '--node-monitor-grace-period=40s',
      ]),
    );
  });
});

test('kube-scheduler arguments', () => {
  expect(schedulerArguments({ port: 10259, kubeconfig: '/k' })).toEqual(
    expect.arrayContaining(['--kubeconfig=/k', '--leader-elect=false', '--bind-address=127.0.0.1', '--secure-port=10259']),
  );
});

test('kwok manages only annotated nodes, with the stage file and no server', () => {
  expect(kwokArguments({ kubeconfig: '/k', stages: '/bin/kwok-stages.yaml' })).toEqual(
    expect.arrayContaining([
      '--kubeconfig=/k',
      '--config=/bin/kwok-stages.yaml',
      '--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake',
      '--server-address=',
    ]),
  );
});

test('etcd skips fsync and listens on loopback only', () => {
  const parameters = etcdArguments({ dataDirectory: '/lab/etcd', clientPort: 1, peerPort: 2 });
  expect(parameters).toEqual(
    expect.arrayContaining([
      '--data-dir=/lab/etcd',
      '--unsafe-no-fsync=true',
      '--listen-client-urls=http://127.0.0.1:1',
      '--advertise-client-urls=http://127.0.0.1:1',
      '--listen-peer-urls=http://127.0.0.1:2',
      '--initial-cluster=lab=http://127.0.0.1:2',
    ]),
  );
});
