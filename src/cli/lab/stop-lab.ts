// `lab down`: stop exactly the processes the lab recorded, leaving its directory (logs included) in place.
import { readLabState, type LabState } from './state.js';
import { stop } from './processes.js';
import type { ComponentName } from './state.js';

/** Controllers first so they do not spam their logs about a vanished apiserver; etcd last, under the apiservers. */
const stopOrder: readonly (readonly ComponentName[])[] = [['kwok', 'kube-scheduler', 'kube-controller-manager', 'member-proxy'], ['kube-apiserver'], ['etcd']];

export async function stopComponents(state: LabState): Promise<void> {
  const everything = [...(state.etcd === undefined ? [] : [state.etcd]), ...state.clusters.flatMap((cluster) => cluster.components)];
  for (const stage of stopOrder) {
    await Promise.all(everything.filter((component) => stage.includes(component.component)).map(stop));
  }
}

/** stopLab is safe to call twice, and on a DIR without a lab. It returns the state it stopped, if any. */
export async function stopLab(directory: string): Promise<LabState | undefined> {
  const state = await readLabState(directory);
  if (state !== undefined) {
    await stopComponents(state);
  }
  return state;
}
