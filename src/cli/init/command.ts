import { Command, InvalidArgumentError, Option } from 'commander';
import { defaultImages, type InitOptions, parseArgOverrides } from './options.js';
import { runInit } from './run.js';
import { commaList, durationArgument, processWriter } from '../shared/output.js';

interface InitFlags {
  hostClusterContext: string;
  dnsZoneName: string;
  dnsProvider?: string;
  image: string;
  apiserverImage: string;
  kubeControllerManagerImage: string;
  etcdImage: string;
  imagePullPolicy: InitOptions['imagePullPolicy'];
  etcdServers?: string[];
  etcdPersistentStorage: boolean;
  etcdPvCapacity: string;
  etcdPvStorageClass?: string;
  apiServerServiceType: InitOptions['apiServerServiceType'];
  apiServerAdvertiseAddress?: string;
  apiServerPort?: number;
  apiserverArgOverrides: Record<string, string>;
  controllermanagerArgOverrides: Record<string, string>;
  dryRun: boolean;
  skipWait: boolean;
  keepCaKey: boolean;
  waitTimeout: number;
  kubeconfig?: string;
}

const booleanValue = (value: string): boolean => {
  if (['true', '1', 'yes'].includes(value.toLowerCase())) {
    return true;
  }
  if (['false', '0', 'no'].includes(value.toLowerCase())) {
    return false;
  }
  throw new InvalidArgumentError('expected true or false');
};

const port = (value: string): number => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 65535) {
    throw new InvalidArgumentError('expected a port number');
  }
  return number;
};

/**
 * initCommand is `kubefed init NAME --host-cluster-context CTX --dns-zone-name ZONE`, the seed's
 * first step: a federation control plane in the host's federation-system namespace (etcd, the
 * upstream kube-apiserver with generated certificates, a kube-controller-manager with only the
 * namespace and service-account controllers, and the kubefed controller-manager from manifests/),
 * the Cluster CRD and RBAC in the new API server, and a kubeconfig context NAME for it.
 */
export function initCommand(): Command {
  return new Command('init')
    .description('set up a federation control plane in a host cluster and add a kubeconfig context for it')
    .argument('<name>', 'name of the federation; also the name of its kubeconfig context')
    .requiredOption('--host-cluster-context <context>', 'kubeconfig context of the cluster to host the control plane')
    .requiredOption('--dns-zone-name <zone>', 'DNS zone for federated Service records, e.g. example.com')
    .option('--dns-provider <provider>', 'DNS provider of the zone (google-clouddns, aws-route53, coredns); records are DNSEndpoint objects for external-dns')
    .option('--image <image>', 'kubefed controller-manager image', defaultImages.image)
    .option('--apiserver-image <image>', 'kube-apiserver image of the federation API server', defaultImages.apiServer)
    .option('--kube-controller-manager-image <image>', 'kube-controller-manager image (namespace and service-account controllers)', defaultImages.kubeControllerManager)
    .option('--etcd-image <image>', 'etcd image', defaultImages.etcd)
    .addOption(new Option('--image-pull-policy <policy>', 'pull policy of every control-plane image').choices(['Always', 'IfNotPresent', 'Never']).default('IfNotPresent'))
    .option('--etcd-servers <urls>', 'external etcd (comma-separated URLs); no etcd is run then', commaList)
    .option('--etcd-persistent-storage <bool>', 'keep etcd data on a PersistentVolumeClaim (false: emptyDir)', booleanValue, true)
    .option('--etcd-pv-capacity <quantity>', 'size of the etcd volume', '10Gi')
    .option('--etcd-pv-storage-class <class>', 'storage class of the etcd volume (default: the cluster default)')
    .addOption(new Option('--api-server-service-type <type>', 'how the federation API server is exposed').choices(['LoadBalancer', 'NodePort']).default('LoadBalancer'))
    .option('--api-server-advertise-address <ip>', 'address clients use with NodePort (default: a node address)')
    .option('--api-server-port <port>', 'node port with NodePort (default: allocated)', port)
    .addOption(new Option('--apiserver-arg-overrides <args>', 'extra or replaced kube-apiserver flags: "--a=b,--c=d"').argParser(parseArgOverrides).default({}, 'none'))
    .addOption(new Option('--controllermanager-arg-overrides <args>', 'extra or replaced kube-controller-manager flags: "--a=b,--c=d"').argParser(parseArgOverrides).default({}, 'none'))
    .option('--dry-run', 'print every object, with freshly generated credentials, instead of creating anything', false)
    .option('--keep-ca-key', 'write the CA private keys to files beside the kubeconfig (kubefed/NAME/, mode 0600) so later runs renew certificates under the same CAs; they never go into the cluster', false)
    .option('--skip-wait', 'do not wait for the control plane to run (and so do not install the CRD and RBAC into it yet)', false)
    .addOption(new Option('--wait-timeout <duration>', 'how long to wait for the control plane').argParser(durationArgument).default(600_000, '10m'))
    .option('--kubeconfig <path>', 'kubeconfig to read contexts from and write the new context to (default: KUBECONFIG or ~/.kube/config)')
    .action(async (name: string, flags: InitFlags) => {
      await runInit(
        {
          name,
          hostContext: flags.hostClusterContext,
          dnsZoneName: flags.dnsZoneName,
          ...(flags.dnsProvider ? { dnsProvider: flags.dnsProvider } : {}),
          image: flags.image,
          apiServerImage: flags.apiserverImage,
          kubeControllerManagerImage: flags.kubeControllerManagerImage,
          etcdImage: flags.etcdImage,
          imagePullPolicy: flags.imagePullPolicy,
          ...(flags.etcdServers ? { etcdServers: flags.etcdServers } : {}),
          etcdPersistentStorage: flags.etcdPersistentStorage,
          etcdPvCapacity: flags.etcdPvCapacity,
          ...(flags.etcdPvStorageClass ? { etcdPvStorageClass: flags.etcdPvStorageClass } : {}),
          apiServerServiceType: flags.apiServerServiceType,
          ...(flags.apiServerAdvertiseAddress ? { apiServerAdvertiseAddress: flags.apiServerAdvertiseAddress } : {}),
          ...(flags.apiServerPort !== undefined ? { apiServerNodePort: flags.apiServerPort } : {}),
          apiServerArgOverrides: flags.apiserverArgOverrides,
          controllerManagerArgOverrides: flags.controllermanagerArgOverrides,
          dryRun: flags.dryRun,
          skipWait: flags.skipWait,
          keepCaKey: flags.keepCaKey,
          waitTimeoutMs: flags.waitTimeout,
          ...(flags.kubeconfig ? { kubeconfig: flags.kubeconfig } : {}),
        },
        processWriter,
      );
    });
}
