// The set-up most end-to-end files share: a joined lab, a controller-manager with the fast flags, a namespace.
import type { LabState } from '../../../src/cli/lab/index.js';
import { ControllerManager, fastFlags } from './controller-manager.js';
import { createFederatedNamespace, joinedLab, memberNames, run } from './federation.js';

export interface Suite {
  state: LabState;
  federation: string;
  members: string[];
  manager: ControllerManager;
}

/**
 * startSuite joins the lab, runs `prepare` (labels, CRDs: what the controller-manager must see at start), starts a
 * controller-manager with the fast flags and `flags`, and creates `namespace` in the federation and every member.
 */
export async function startSuite(namespace: string, options: { flags?: string[]; prepare?: (federation: string) => Promise<unknown> } = {}): Promise<Suite> {
  const state = await joinedLab();
  await options.prepare?.(state.federation);
  const manager = await ControllerManager.start({ flags: [...fastFlags, ...(options.flags ?? [])] });
  await createFederatedNamespace(state, namespace);
  return { state, federation: state.federation, members: memberNames(state), manager };
}

/** stopSuite deletes the namespace (without waiting: kubefed finishes it) and stops the controller-manager. */
export async function stopSuite(federation: string, namespace: string, manager: ControllerManager | undefined): Promise<void> {
  await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  await manager?.stop();
}
