// kubectl-level helpers for end-to-end tests: the federation and its members as a user sees them.
import { joinLabMembers } from '../../../src/cli/lab/run-command.js';
import type { LabState } from '../../../src/cli/lab/index.js';
import { kubectl, labState, waitFor } from '../../lab/lab-environment.js';

export { waitFor };

let joined: Promise<LabState> | undefined;

/** joinedLab joins every lab member once per test file (join is idempotent) and returns the lab. */
export function joinedLab(): Promise<LabState> {
  joined ??= labState().then(async (state) => {
    await joinLabMembers(state, () => undefined);
    return state;
  });
  return joined;
}

/** run executes kubectl against one context and fails the test with kubectl's stderr when it fails. */
export async function run(context: string, args: string[], input?: string): Promise<string> {
  const result = await kubectl(context, args, input === undefined ? {} : { input });
  if (result.code !== 0) {
    throw new Error(`kubectl --context=${context} ${args.join(' ')} failed (${result.code}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** getJson reads one object (or list) as JSON, or undefined when it does not exist. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- kubectl's JSON, typed by the caller where it matters
export async function getJson<T = Record<string, any>>(context: string, args: string[]): Promise<T | undefined> {
  const result = await kubectl(context, ['get', ...args, '-o', 'json']);
  if (result.code !== 0) {
    if (/NotFound|not found/.test(result.stderr)) {
      return undefined;
    }
    throw new Error(`kubectl --context=${context} get ${args.join(' ')}: ${result.stderr.trim()}`);
  }
  return JSON.parse(result.stdout) as T;
}

/** names lists the names of a kind in one namespace of one cluster, sorted. */
export async function names(context: string, kind: string, namespace: string, selector?: string): Promise<string[]> {
  const list = await getJson<{ items: { metadata: { name: string } }[] }>(context, [kind, '-n', namespace, ...(selector ? ['-l', selector] : [])]);
  return (list?.items ?? []).map((item) => item.metadata.name).sort();
}

/** uniqueName makes a DNS-1123 name that no other test (or earlier run against a reused lab) uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** events lists the federation's events about one object as "type reason message" lines. */
export async function events(context: string, namespace: string, name: string): Promise<string[]> {
  const list = await getJson<{ items: { type: string; reason: string; message: string; involvedObject: { name: string } }[] }>(context, [
    'events',
    '-n',
    namespace,
    '--field-selector',
    `involvedObject.name=${name}`,
  ]);
  return (list?.items ?? []).map((event) => `${event.type} ${event.reason} ${event.message}`);
}

/** members lists the lab's member cluster names. */
export function memberNames(state: LabState): string[] {
  return state.clusters.filter((cluster) => cluster.role === 'member').map((cluster) => cluster.name);
}

/** settled waits until no namespace is terminating in the federation, so earlier suites' clean-up is over. */
export async function settled(federation: string): Promise<void> {
  await waitFor('earlier namespaces to finish terminating in the federation', async () => {
    const list = await getJson<{ items: { metadata: { name: string }; status?: { phase?: string } }[] }>(federation, ['namespaces']);
    const terminating = (list?.items ?? []).filter((item) => item.status?.phase === 'Terminating').map((item) => item.metadata.name);
    return terminating.length === 0 || terminating;
  }, 120_000);
}

/** createFederatedNamespace creates a namespace in the federation and waits until every member has it. */
export async function createFederatedNamespace(state: LabState, namespace: string): Promise<void> {
  await run(state.federation, ['create', 'namespace', namespace]);
  const members = memberNames(state);
  await waitFor(`namespace ${namespace} in every member`, async () => {
    const found = await Promise.all(members.map((member) => getJson(member, ['namespace', namespace])));
    return found.every(Boolean) || members.filter((_member, index) => !found[index]);
  }, 30_000);
}
