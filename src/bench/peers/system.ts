// A federation system under test: kubefed, KubeFed v2 or Karmada, in one profile, on a fresh lab of its own. The
// comparison runs the same phases against this interface, so no phase knows which system it measures.
import type { KubeObject } from '../../core/objects.js';
import type { ResourceType } from '../../kube/resources.js';
import type { SystemProcess } from './process.js';

export const peerNames = ['kubefed-v2', 'karmada'] as const;
export type PeerName = (typeof peerNames)[number];
export type SystemName = 'kubefed' | PeerName;

/** defaults: the project's own install defaults; tuned: what its maintainers recommend for scale (peers only). */
export type Profile = 'defaults' | 'tuned';

/** What a peer needs to reach one member: the lab's admin credentials for it (a bearer token in system:masters). */
export interface MemberAccess {
  name: string;
  server: string;
  /** PEM of the CA that signed the member's serving certificate. */
  certificateAuthority: string;
  token: string;
}

/** An object to create in the federation, with its REST type. */
export interface Manifest {
  type: ResourceType;
  object: KubeObject;
}

export interface SystemDescription {
  system: SystemName;
  profile: Profile;
  version: string;
  /** Command line per component, as started. */
  components: Record<string, string[]>;
  /** Configuration that is not a flag (KubeFedConfig fields, policies), and what could not be changed. */
  notes: string[];
}

export interface SystemUnderTest {
  readonly name: SystemName;
  readonly profile: Profile;
  /** The type users create in the federation for one benchmark object. */
  readonly federatedType: ResourceType;
  /** federatedObject is what the user creates for the benchmark's index-th object of a namespace. */
  federatedObject(namespace: string, index: number): KubeObject;
  /** revisionPatch is a merge patch on the federated object that moves its member copies to a revision. */
  revisionPatch(revision: number): Record<string, unknown>;
  /** namespaceObjects are created once per benchmark namespace, after the Namespace (placement, policies). */
  namespaceObjects(namespace: string): Manifest[];
  /** start installs what the system needs, starts its processes, and resolves once it can propagate to every member. */
  start(): Promise<void>;
  /** restartControllers stops the processes that reconcile and starts them again, resolving once they run. */
  stopControllers(): Promise<void>;
  startControllers(): Promise<void>;
  /** Processes now running, for CPU and memory. */
  processes(): readonly SystemProcess[];
  /** (cluster, resource) pairs the system's leader election writes: counted apart from restart writes. */
  readonly leaderElectionWrites: readonly { cluster: string; resource: string }[];
  describe(): SystemDescription;
  /** errorLines are the warning and error lines its processes logged so far (first few), to quote when a phase fails. */
  errorLines(limit: number, since?: Date): Promise<string[]>;
  stop(): Promise<void>;
}

/** parsePeers reads "kubefed-v2,karmada" into peer names, refusing unknown ones. Pure. */
export function parsePeers(text: string): PeerName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new Error(`--peers needs at least one of ${peerNames.join(', ')}`);
  }
  const peers = new Set<PeerName>();
  for (const name of names) {
    const peer = peerNames.find((known) => known === name);
    if (peer === undefined) {
      throw new Error(`unknown peer ${JSON.stringify(name)}: expected ${peerNames.join(', ')}`);
    }
    peers.add(peer);
  }
  return [...peers];
}

/** The runs of a comparison: kubefed with its defaults first, then each peer with its defaults and tuned. Pure. */
export function comparisonRuns(peers: readonly PeerName[]): { system: SystemName; profile: Profile }[] {
  return [
    { system: 'kubefed', profile: 'defaults' },
    ...peers.flatMap((peer) => (['defaults', 'tuned'] as const).map((profile) => ({ system: peer, profile }))),
  ];
}
