import { isIP } from 'node:net';

export type ServiceType = 'LoadBalancer' | 'NodePort';

/** InitOptions is everything `kubefed init` is told. */
export interface InitOptions {
  name: string;
  hostContext: string;
  dnsZoneName: string;
  dnsProvider?: string;
  /** image of the kubefed controller-manager. */
  image: string;
  apiServerImage: string;
  kubeControllerManagerImage: string;
  etcdImage: string;
  imagePullPolicy: 'Always' | 'IfNotPresent' | 'Never';
  /** etcdServers: an external etcd; no StatefulSet then. */
  etcdServers?: string[];
  etcdPersistentStorage: boolean;
  etcdPvCapacity: string;
  etcdPvStorageClass?: string;
  apiServerServiceType: ServiceType;
  apiServerAdvertiseAddress?: string;
  apiServerNodePort?: number;
  apiServerArgOverrides: Record<string, string>;
  controllerManagerArgOverrides: Record<string, string>;
  dryRun: boolean;
  skipWait: boolean;
  /** keepCaKey writes the CA private keys to local files (0600); they never go into the cluster. */
  keepCaKey: boolean;
  waitTimeoutMs: number;
  kubeconfig?: string;
}

/** Upstream images matching the Kubernetes version kubefed is tested with (the lab's). */
export const defaultImages = {
  image: 'ghcr.io/kubefed/controller-manager:v0.1.0',
  apiServer: 'registry.k8s.io/kube-apiserver:v1.37.2',
  kubeControllerManager: 'registry.k8s.io/kube-controller-manager:v1.37.2',
  etcd: 'registry.k8s.io/etcd:3.6.16-0',
} as const;

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const quantity = /^([0-9]+(\.[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;

/** validateInitOptions lists every problem with the options at once; an empty list means usable. */
export function validateInitOptions(options: InitOptions): string[] {
  const problems: string[] = [];
  if (!dnsLabel.test(options.name) || options.name.length > 63) {
    problems.push(`NAME "${options.name}" must be a DNS label (lowercase letters, digits and '-', at most 63 characters): it names the kubeconfig context and the federation`);
  }
  const zone = options.dnsZoneName.replace(/\.$/, '');
  if (zone === '' || !zone.split('.').every((label) => dnsLabel.test(label) && label.length <= 63)) {
    problems.push(`--dns-zone-name "${options.dnsZoneName}" is not a DNS domain`);
  }
  if (options.apiServerServiceType !== 'NodePort') {
    if (options.apiServerAdvertiseAddress !== undefined) {
      problems.push('--api-server-advertise-address applies only with --api-server-service-type=NodePort');
    }
    if (options.apiServerNodePort !== undefined) {
      problems.push('--api-server-port applies only with --api-server-service-type=NodePort');
    }
  }
  if (options.apiServerAdvertiseAddress !== undefined && isIP(options.apiServerAdvertiseAddress) === 0) {
    problems.push(`--api-server-advertise-address "${options.apiServerAdvertiseAddress}" is not an IP address`);
  }
  if (options.apiServerNodePort !== undefined && !(Number.isInteger(options.apiServerNodePort) && options.apiServerNodePort > 0 && options.apiServerNodePort < 65536)) {
    problems.push(`--api-server-port ${options.apiServerNodePort} is not a port number`);
  }
  for (const server of options.etcdServers ?? []) {
    if (!/^https?:\/\/[^/\s]+$/.test(server)) {
      problems.push(`--etcd-servers: "${server}" is not an http(s)://host:port URL`);
    }
  }
  if (options.etcdServers !== undefined && options.etcdServers.length === 0) {
    problems.push('--etcd-servers is empty');
  }
  if (!quantity.test(options.etcdPvCapacity)) {
    problems.push(`--etcd-pv-capacity "${options.etcdPvCapacity}" is not a quantity like 10Gi`);
  }
  for (const [flag, overrides] of [['--apiserver-arg-overrides', options.apiServerArgOverrides], ['--controllermanager-arg-overrides', options.controllerManagerArgOverrides]] as const) {
    for (const key of Object.keys(overrides)) {
      if (!/^--[a-z0-9-]+$/.test(key)) {
        problems.push(`${flag}: "${key}" is not a flag name like --some-flag`);
      }
    }
  }
  return problems;
}

/** parseArgOverrides reads v1's "--a=b,--c=d" form. */
export function parseArgOverrides(text: string): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const item of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const equals = item.indexOf('=');
    const key = equals < 0 ? item : item.slice(0, equals);
    overrides[key.startsWith('--') ? key : `--${key}`] = equals < 0 ? 'true' : item.slice(equals + 1);
  }
  return overrides;
}

/** withOverrides replaces flags by name and appends new ones, keeping the list sorted as v1 did. */
export function withOverrides(args: string[], overrides: Record<string, string>): string[] {
  const byFlag = new Map(args.map((arg) => [arg.split('=')[0] ?? arg, arg]));
  for (const [flag, value] of Object.entries(overrides)) {
    byFlag.set(flag, `${flag}=${value}`);
  }
  return [...byFlag.values()].sort();
}
