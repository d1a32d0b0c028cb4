// Command-line arguments of every lab component. Pure: paths and ports in, argument lists out.
// Everything binds to 127.0.0.1: the lab machine may have no other interface, and nothing outside it should reach the lab.

export const loopback = '127.0.0.1';

/** kwok manages only Nodes carrying this annotation, so Nodes created by anything else stay untouched. */
export const fakeNodeAnnotation = { key: 'kwok.x-k8s.io/node', value: 'fake' } as const;

/**
 * Members with workloads run every controller but the HPA controller: the lab has no metrics pipeline
 * (no kubelets, no metrics-server), so member HPAs could not scale anyway; tests play that part.
 */
export const workloadControllers = ['*', '-horizontal-pod-autoscaler-controller'] as const;

/**
 * The controllers a control plane needs to stay sane, and ClusterRole aggregation (as `kubefed init`'s
 * federation runs them); no workload controller and no garbage collector.
 */
export const minimalControllers = ['namespace-controller', 'serviceaccount-controller', 'serviceaccount-token-controller', 'clusterrole-aggregation-controller'] as const;

export interface EtcdOptions {
  readonly dataDirectory: string;
  readonly clientPort: number;
  readonly peerPort: number;
}

export function etcdArguments(options: EtcdOptions): string[] {
  const client = `http://${loopback}:${options.clientPort}`;
  const peer = `http://${loopback}:${options.peerPort}`;
  return [
    '--name=lab',
    `--data-dir=${options.dataDirectory}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=lab=${peer}`,
    // A lab's data is disposable; fsync is most of etcd's write latency on a busy disk.
    '--unsafe-no-fsync=true',
    // As kwokctl: keep history short so one etcd shared by several apiservers stays small.
    '--auto-compaction-retention=1',
    '--quota-backend-bytes=8589934592',
  ];
}

export interface ApiServerOptions {
  readonly cluster: string;
  readonly port: number;
  readonly etcdClientPort: number;
  readonly certificateDirectory: string;
  readonly serviceAccountKey: string;
  readonly tokens: string;
  /** The aggregation layer's front proxy (requestheader authentication), for aggregated API servers such as Karmada's. */
  readonly frontProxy?: FrontProxyFiles;
}

export interface FrontProxyFiles {
  readonly authority: string;
  readonly certificate: string;
  readonly key: string;
}

/** The client name the front-proxy certificate carries; aggregated API servers accept only it. */
export const frontProxyClientName = 'front-proxy-client';

/** aggregationArguments let the apiserver proxy to aggregated API servers with verified request headers (as kubeadm sets up). */
export function aggregationArguments(files: FrontProxyFiles): string[] {
  return [
    `--requestheader-client-ca-file=${files.authority}`,
    `--requestheader-allowed-names=${frontProxyClientName}`,
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${files.certificate}`,
    `--proxy-client-key-file=${files.key}`,
  ];
}

export function apiServerArguments(options: ApiServerOptions): string[] {
  const server = `https://${loopback}:${options.port}`;
  return [
    `--etcd-servers=http://${loopback}:${options.etcdClientPort}`,
    // One etcd serves every cluster of the lab; the prefix keeps their data apart (upstream's SharedEtcd does the same).
    `--etcd-prefix=/${options.cluster}/registry`,
    `--bind-address=${loopback}`,
    // Without it the apiserver advertises (or fails to find) the default-route interface.
    `--advertise-address=${loopback}`,
    `--secure-port=${options.port}`,
    // 127.0.0.1 is not a valid Endpoints address, so the kubernetes Service endpoints must not be reconciled.
    '--endpoint-reconciler-type=none',
    // No --tls-cert-file: the apiserver writes a serving certificate and its CA here, covering 127.0.0.1.
    `--cert-dir=${options.certificateDirectory}`,
    `--service-account-issuer=${server}`,
    `--service-account-key-file=${options.serviceAccountKey}`,
    `--service-account-signing-key-file=${options.serviceAccountKey}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--authorization-mode=RBAC',
    `--token-auth-file=${options.tokens}`,
    '--allow-privileged=true',
    // Without it a SIGTERMed apiserver waits out its 60 s request timeout for every open watch before exiting (seen on 1.37).
    '--shutdown-watch-termination-grace-period=2s',
    // Lab servers serve a few clients; flow control and profiling only cost memory and start time here.
    '--enable-priority-and-fairness=false',
    '--profiling=false',
    ...(options.frontProxy ? aggregationArguments(options.frontProxy) : []),
  ];
}

export interface ControllerManagerOptions {
  readonly cluster: string;
  readonly port: number;
  readonly kubeconfig: string;
  readonly serviceAccountKey: string;
  readonly rootCertificateAuthority: string;
  /** All default controllers when true, else only {@link minimalControllers}. */
  readonly workloads: boolean;
}

export function controllerManagerArguments(options: ControllerManagerOptions): string[] {
  return [
    `--kubeconfig=${options.kubeconfig}`,
    `--cluster-name=${options.cluster}`,
    '--leader-elect=false',
    `--bind-address=${loopback}`,
    `--secure-port=${options.port}`,
    // Without authentication/authorization kubeconfigs, only these paths answer; the lab polls /healthz.
    '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
    `--service-account-private-key-file=${options.serviceAccountKey}`,
    `--root-ca-file=${options.rootCertificateAuthority}`,
    `--controllers=${(options.workloads ? workloadControllers : minimalControllers).join(',')}`,
    // kwokctl's values: notice a stopped kwok within 40 s, check every 5 s.
    '--node-monitor-period=5s',
    '--node-monitor-grace-period=40s',
    // Client-side throttling would only slow the lab's benchmark down; the apiserver is local and idle.
    '--kube-api-qps=5000',
    '--kube-api-burst=10000',
    '--profiling=false',
  ];
}

export interface SchedulerOptions {
  readonly port: number;
  readonly kubeconfig: string;
}

export function schedulerArguments(options: SchedulerOptions): string[] {
  return [
    `--kubeconfig=${options.kubeconfig}`,
    '--leader-elect=false',
    `--bind-address=${loopback}`,
    `--secure-port=${options.port}`,
    '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
  ];
}

export interface KwokOptions {
  readonly kubeconfig: string;
  readonly stages: string;
}

export function kwokArguments(options: KwokOptions): string[] {
  return [
    `--kubeconfig=${options.kubeconfig}`,
    // kwok exits with "no stages found" without Stage objects; these are kwokctl's defaults.
    `--config=${options.stages}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${fakeNodeAnnotation.key}=${fakeNodeAnnotation.value}`,
    // Empty: no kubelet-like server, so several kwoks never fight over a port.
    '--server-address=',
    `--node-ip=${loopback}`,
    // Heartbeats through Leases keep the node-lifecycle controller from tainting the fake nodes.
    '--node-lease-duration-seconds=40',
    // Fake pod IPs, kept apart from the service range; nothing ever connects to them.
    '--cidr=10.244.0.0/16',
  ];
}

export interface ProxyOptions {
  readonly listenPort: number;
  readonly targetPort: number;
  readonly controlPort: number;
  readonly tokenFile: string;
  readonly modeFile: string;
}

/** proxyArguments are the member proxy's (see proxy-main.ts); it binds 127.0.0.1 only, like everything else. */
export function proxyArguments(options: ProxyOptions): string[] {
  return [
    `--listen=${options.listenPort}`,
    `--target=${options.targetPort}`,
    `--control=${options.controlPort}`,
    `--token-file=${options.tokenFile}`,
    `--mode-file=${options.modeFile}`,
  ];
}
