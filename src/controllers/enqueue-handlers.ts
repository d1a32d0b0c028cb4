import type { KubeObject } from '../core/objects.js';
import type { InformerHandlers } from '../informers/informer.js';

/** KeysOf names the keys to queue when an object changes: one, several, or none. */
export type KeysOf<T> = (object: T) => string | readonly string[] | undefined;

/** enqueueHandlers queue the keys an object names whenever it is added, updated (its new state) or deleted. */
export function enqueueHandlers<T extends KubeObject>(keysOf: KeysOf<T>, enqueue: (key: string) => void): InformerHandlers<T> {
  const queue = (object: T) => {
    const keys = keysOf(object);
    for (const key of typeof keys === 'string' ? [keys] : (keys ?? [])) {
      enqueue(key);
    }
  };
  return { add: queue, update: (_previous, current) => queue(current), delete: queue };
}
