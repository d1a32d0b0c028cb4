// The plan of a lab: every component's command line, ports and log, computed before anything starts. Pure.
import path from 'node:path';
import {
  apiServerArguments,
  controllerManagerArguments,
  etcdArguments,
  kwokArguments,
  loopback,
  proxyArguments,
  schedulerArguments,
} from './arguments.js';
import { binaryPath, stagesFile } from './binaries.js';
import type { LabPaths } from './layout.js';
import type { ClusterRole, ComponentName } from './state.js';

export interface ComponentPlan {
  /** undefined for etcd, which every cluster shares. */
  readonly cluster: string | undefined;
  readonly component: ComponentName;
  readonly command: readonly string[];
  readonly ports: Readonly<Record<string, number>>;
  readonly log: string;
}

export interface ClusterPlan {
  readonly name: string;
  readonly role: ClusterRole;
  readonly server: string;
  readonly workloads: boolean;
  readonly nodes: number;
  readonly apiServer: ComponentPlan;
  /** Started once the API server is ready: kube-controller-manager, and for workloads kube-scheduler and kwok. */
  readonly controllers: readonly ComponentPlan[];
  /** Members only: the proxy kubefed reaches the member through (see proxy-server.ts), started with the controllers. */
  readonly proxy?: ComponentPlan;
  /** https://127.0.0.1:PORT of the proxy, for members. */
  readonly proxiedServer?: string;
}

export interface LabPlan {
  readonly etcd: ComponentPlan;
  readonly clusters: readonly ClusterPlan[];
}

export interface LabShape {
  readonly federation: string;
  readonly members: readonly string[];
  readonly workloads: boolean;
  readonly nodes: number;
  /** The federation's apiserver gets the aggregation layer (front proxy), for aggregated API servers such as Karmada's. */
  readonly aggregation?: boolean;
}

/**
 * How many ports planLab takes: etcd's two, then per cluster the API server's and the controller manager's, the
 * scheduler's for workloads, and each member proxy's two (kubefed's path and the control API).
 */
export function portsNeeded(shape: LabShape): number {
  return 2 + 2 * (1 + shape.members.length) + (shape.workloads ? shape.members.length : 0) + 2 * shape.members.length;
}

/** DNS-1123 labels: the names become etcd prefixes, file names, context names and Node name prefixes. */
const clusterName = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** validateShape throws a one-line error for names or counts the lab cannot use. */
export function validateShape(shape: LabShape): void {
  const names = [shape.federation, ...shape.members];
  for (const name of names) {
    if (!clusterName.test(name)) {
      throw new Error(`cluster name ${JSON.stringify(name)} is not a DNS label (lowercase letters, digits and '-', at most 63)`);
    }
  }
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) {
    throw new Error(`cluster name ${repeated} is given twice`);
  }
  if (!Number.isInteger(shape.nodes) || shape.nodes < 0 || shape.nodes > 100) {
    throw new Error(`nodes must be a whole number from 0 to 100, not ${shape.nodes}`);
  }
}

/** `proxyCommand` runs the member proxy: node and its script (see proxyScript), before the proxy's own arguments. */
export function planLab(shape: LabShape, paths: LabPaths, binaries: string, ports: readonly number[], proxyCommand: readonly string[]): LabPlan {
  if (ports.length < portsNeeded(shape)) {
    throw new Error(`the plan needs ${portsNeeded(shape)} ports, got ${ports.length}`);
  }
  const queue = [...ports];
  const take = (): number => {
    const port = queue.shift();
    if (port === undefined) {
      throw new Error('lab: fewer free ports than components');
    }
    return port;
  };
  const command = (component: ComponentName, parameters: string[]): string[] => [binaryPath(binaries, component), ...parameters];

  const etcdPorts = { client: take(), peer: take() };
  const etcd: ComponentPlan = {
    cluster: undefined,
    component: 'etcd',
    command: command('etcd', etcdArguments({ dataDirectory: paths.etcdData, clientPort: etcdPorts.client, peerPort: etcdPorts.peer })),
    ports: etcdPorts,
    log: paths.log(undefined, 'etcd'),
  };

  const clusters = [shape.federation, ...shape.members].map((name): ClusterPlan => {
    const role: ClusterRole = name === shape.federation ? 'federation' : 'member';
    const workloads = role === 'member' && shape.workloads;
    const files = paths.cluster(name);
    const port = take();
    const apiServer: ComponentPlan = {
      cluster: name,
      component: 'kube-apiserver',
      command: command(
        'kube-apiserver',
        apiServerArguments({
          cluster: name,
          port,
          etcdClientPort: etcdPorts.client,
          certificateDirectory: files.certificates,
          serviceAccountKey: files.serviceAccountKey,
          tokens: files.tokens,
          ...(role === 'federation' && shape.aggregation ? { frontProxy: files.frontProxy } : {}),
        }),
      ),
      ports: { secure: port },
      log: paths.log(name, 'kube-apiserver'),
    };
    const controllerPort = take();
    const controllers: ComponentPlan[] = [
      {
        cluster: name,
        component: 'kube-controller-manager',
        command: command(
          'kube-controller-manager',
          controllerManagerArguments({
            cluster: name,
            port: controllerPort,
            kubeconfig: files.componentKubeconfig,
            serviceAccountKey: files.serviceAccountKey,
            rootCertificateAuthority: files.certificateAuthority,
            workloads,
          }),
        ),
        ports: { secure: controllerPort },
        log: paths.log(name, 'kube-controller-manager'),
      },
    ];
    if (workloads) {
      const schedulerPort = take();
      controllers.push(
        {
          cluster: name,
          component: 'kube-scheduler',
          command: command('kube-scheduler', schedulerArguments({ port: schedulerPort, kubeconfig: files.componentKubeconfig })),
          ports: { secure: schedulerPort },
          log: paths.log(name, 'kube-scheduler'),
        },
        {
          cluster: name,
          component: 'kwok',
          command: command('kwok', kwokArguments({ kubeconfig: files.componentKubeconfig, stages: path.join(binaries, stagesFile) })),
          ports: {},
          log: paths.log(name, 'kwok'),
        },
      );
    }
    const server = `https://${loopback}:${port}`;
    if (role === 'federation') {
      return { name, role, server, workloads, nodes: 0, apiServer, controllers };
    }
    const proxyPorts = { listen: take(), control: take() };
    const proxy: ComponentPlan = {
      cluster: name,
      component: 'member-proxy',
      command: [
        ...proxyCommand,
        ...proxyArguments({ listenPort: proxyPorts.listen, targetPort: port, controlPort: proxyPorts.control, tokenFile: files.proxyToken, modeFile: files.proxyMode }),
      ],
      ports: proxyPorts,
      log: paths.log(name, 'member-proxy'),
    };
    return { name, role, server, workloads, nodes: workloads ? shape.nodes : 0, apiServer, controllers, proxy, proxiedServer: `https://${loopback}:${proxyPorts.listen}` };
  });
  return { etcd, clusters };
}
