import { Command, Option } from 'commander';
import { errorMessage } from '../../kube/errors.js';
import { parseBoolean } from './boolean.js';
import { formatDuration, parseDuration } from './duration.js';

/** Config is everything the controller-manager can be told, after flags and environment. */
export interface Config {
  kubeconfig?: string;
  context?: string;
  federationName: string;
  controllers: string[];
  workers: number;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  logLevel: string;
  leaderElect: boolean;
  leaderElectLeaseDurationMs: number;
  leaderElectRenewDeadlineMs: number;
  leaderElectRetryPeriodMs: number;
  leaderElectNamespace: string;
  leaderElectId: string;
  federationQps: number;
  federationBurst: number;
  eventQps: number;
  eventBurst: number;
  memberQps: number;
  memberBurst: number;
  memberConcurrency: number;
  memberTimeoutMs: number;
  insecureSkipMemberTlsVerify: boolean;
  clusterProbePeriodMs: number;
  clusterProbeTimeoutMs: number;
  clusterFailureThreshold: number;
  clusterSuccessThreshold: number;
  failoverGracePeriodMs: number;
  unschedulableThresholdMs: number;
  hpaScaleForbiddenWindowMs: number;
  resyncPeriodMs: number;
  shutdownTimeoutMs: number;
  dnsZoneName?: string;
  serviceDnsSuffix?: string;
  dnsTtl: number;
}

/** Every federated kind's controller, by the name --controllers uses (v1's resource names). */
export const controllerNames = [
  'namespaces',
  'configmaps',
  'secrets',
  'services',
  'ingresses',
  'daemonsets',
  'deployments',
  'replicasets',
  'jobs',
  'horizontalpodautoscalers',
  'service-dns',
] as const;

const integer = (flag: string) => (text: string) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${flag}: "${text}" is not a non-negative integer`);
  }
  return value;
};
const number = (flag: string) => (text: string) => {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) {
    throw new Error(`${flag}: "${text}" is not a non-negative number`);
  }
  return value;
};
const duration = (flag: string) => (text: string) => {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new Error(`${flag}: ${errorMessage(error)}`, { cause: error });
  }
};

/** envName is the environment variable that backs a flag: --member-qps → KUBEFED_MEMBER_QPS. */
export function envName(flag: string): string {
  return `KUBEFED_${flag.replace(/^--/, '').replace(/-/g, '_').toUpperCase()}`;
}

function option(flags: string, description: string, parse?: (text: string) => unknown, fallback?: unknown): Option {
  const long = flags.split(' ')[0] ?? flags;
  const created = new Option(flags, description).env(envName(long));
  if (parse) {
    created.argParser(parse);
  }
  if (fallback !== undefined) {
    created.default(fallback);
  }
  return created;
}

/** Duration flags come out of parsing in milliseconds; their Config fields carry an Ms suffix. */
const durationFlags = new Set<string>();

function durationOption(flags: string, description: string, fallbackMs: number): Option {
  const created = option(flags, description, duration(flags.split(' ')[0] ?? flags)).default(fallbackMs, formatDuration(fallbackMs));
  durationFlags.add(created.attributeName());
  return created;
}

/** configCommand declares every flag with its default and environment variable, for parsing and --help. */
export function configCommand(): Command {
  return new Command('kubefed-controller-manager')
    .description('Keeps member clusters in line with the federation API server: propagation, replica scheduling, status, failover.')
    .addOption(option('--kubeconfig <path>', 'kubeconfig for the federation API server (default: in-cluster config)'))
    .addOption(option('--context <name>', 'kubeconfig context of the federation API server (default: current context)'))
    .addOption(option('--federation-name <name>', 'name of this federation; member objects are labelled with it', undefined, 'federation'))
    .addOption(option('--controllers <list>', 'controllers to run: "*" for all, "-name" to turn one off, e.g. "*,-ingresses"', undefined, '*'))
    .addOption(option('--workers <n>', 'concurrent reconciles per controller', integer('--workers'), 16))
    .addOption(option('--metrics-bind-address <address>', 'address of the Prometheus /metrics endpoint ("0" disables it)', undefined, ':8080'))
    .addOption(option('--health-probe-bind-address <address>', 'address of /healthz and /readyz ("0" disables it)', undefined, ':8081'))
    .addOption(option('--log-level <level>', 'error, warn, info or debug', undefined, 'info'))
    .addOption(option('--leader-elect [bool]', 'elect a leader with a Lease so that only one replica writes (true, false, 1 or 0)', parseBoolean, true))
    .addOption(durationOption('--leader-elect-lease-duration <duration>', 'how long a leader Lease is valid without renewal', 15_000))
    .addOption(durationOption('--leader-elect-renew-deadline <duration>', 'how long the leader retries renewing before giving up', 10_000))
    .addOption(durationOption('--leader-elect-retry-period <duration>', 'how often to try to acquire or renew the Lease', 2_000))
    .addOption(option('--leader-elect-namespace <namespace>', 'namespace of the leader Lease', undefined, 'federation-system'))
    .addOption(option('--leader-elect-id <name>', 'name of the leader Lease', undefined, 'kubefed-controller-manager'))
    .addOption(option('--federation-qps <qps>', 'requests per second to the federation API server, events aside (0: unlimited)', number('--federation-qps'), 400))
    .addOption(option('--federation-burst <n>', 'request burst to the federation API server', integer('--federation-burst'), 800))
    .addOption(option('--event-qps <qps>', 'Event writes per second to the federation API server, a budget of their own (0: unlimited)', number('--event-qps'), 50))
    .addOption(option('--event-burst <n>', 'Event write burst', integer('--event-burst'), 100))
    .addOption(option('--member-qps <qps>', 'requests per second to each member API server (0: unlimited)', number('--member-qps'), 0))
    .addOption(option('--member-burst <n>', 'request burst to each member API server', integer('--member-burst'), 400))
    .addOption(option('--member-concurrency <n>', 'writes in flight per member cluster', integer('--member-concurrency'), 16))
    .addOption(durationOption('--member-timeout <duration>', 'timeout of each request to a member', 15_000))
    .addOption(option('--insecure-skip-member-tls-verify [bool]', 'do not verify member API server certificates (true, false, 1 or 0; logged as a warning)', parseBoolean, false))
    .addOption(durationOption('--cluster-probe-period <duration>', 'how often each member is health-checked', 10_000))
    .addOption(durationOption('--cluster-probe-timeout <duration>', 'timeout of one health check', 5_000))
    .addOption(option('--cluster-failure-threshold <n>', 'failed health checks in a row before a member is not ready', integer('--cluster-failure-threshold'), 3))
    .addOption(option('--cluster-success-threshold <n>', 'good health checks in a row before a member is ready again', integer('--cluster-success-threshold'), 1))
    .addOption(durationOption('--failover-grace-period <duration>', 'how long a member may be not ready before its replicas move (v1 clusterUnavailableDelay)', 60_000))
    .addOption(durationOption('--unschedulable-threshold <duration>', 'how long pods may stay unschedulable before their cluster counts as full', 60_000))
    .addOption(durationOption('--hpa-scale-forbidden-window <duration>', 'how long after a member HPA scaled before its bounds may move', 120_000))
    .addOption(durationOption('--resync-period <duration>', 'how often every object is reconciled even without changes', 300_000))
    .addOption(durationOption('--shutdown-timeout <duration>', 'how long SIGTERM waits for reconciles in flight', 30_000))
    .addOption(option('--dns-zone-name <zone>', 'DNS zone for federated Service records (enables the service-dns controller)'))
    .addOption(option('--service-dns-suffix <suffix>', 'suffix of federated Service DNS names (default: the zone)'))
    .addOption(option('--dns-ttl <seconds>', 'TTL of federated Service DNS records', integer('--dns-ttl'), 180))
    .helpOption('-h, --help', 'show every flag with its default and environment variable')
    .addHelpText('after', '\nEvery flag can also be set with its environment variable, e.g. --member-qps as KUBEFED_MEMBER_QPS.');
}

/** selectControllers expands a --controllers list ("*", "name", "-name") into the controllers to run. */
export function selectControllers(list: string): string[] {
  const items = list.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const known = new Set<string>(controllerNames);
  const unknown = items.map((item) => item.replace(/^-/, '')).filter((item) => item !== '*' && !known.has(item));
  if (unknown.length > 0) {
    throw new Error(`--controllers: unknown controller(s) ${unknown.join(', ')}; known: ${controllerNames.join(', ')}`);
  }
  const selected = new Set<string>(items.includes('*') ? controllerNames : []);
  for (const item of items) {
    if (item.startsWith('-')) {
      selected.delete(item.slice(1));
    } else if (item !== '*') {
      selected.add(item);
    }
  }
  return controllerNames.filter((name) => selected.has(name));
}

/** parseConfig reads flags (argv without the node and script entries) and their environment variables. */
export function parseConfig(argv: string[]): Config {
  const command = configCommand().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: (text) => process.stdout.write(text) });
  command.parse(argv, { from: 'user' });
  const options = Object.entries(command.opts<Record<string, unknown>>()).map(([key, value]): [string, unknown] => [durationFlags.has(key) ? `${key}Ms` : key, value]);
  const { controllers, ...rest }: Record<string, unknown> = Object.fromEntries(options);
  return { ...(rest as unknown as Omit<Config, 'controllers'>), controllers: selectControllers(String(controllers)) };
}
