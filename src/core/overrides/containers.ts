import { getPath } from '../propagation/paths.js';
import type { Pointer } from './json-patch.js';

/** Where objects of the common kinds keep their pod template: workloads and Jobs, then CronJobs. */
const podTemplatePaths: readonly Pointer[] = [
  ['spec', 'template'],
  ['spec', 'jobTemplate', 'spec', 'template'],
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** podTemplatePath finds an object's pod template (one with a spec), or undefined when it has none. */
export function podTemplatePath(object: unknown): Pointer | undefined {
  return podTemplatePaths.find((path) => isRecord(getPath(object, [...path, 'spec'])));
}

/** podSpecPath finds the pod spec: the pod template's, or a Pod's own. */
export function podSpecPath(object: unknown): Pointer | undefined {
  const template = podTemplatePath(object);
  if (template) {
    return [...template, 'spec'];
  }
  return isRecord(object) && object.kind === 'Pod' && isRecord(getPath(object, ['spec'])) ? ['spec'] : undefined;
}

/** ContainerAt is one container and where it is. */
export interface ContainerAt {
  path: Pointer;
  container: Record<string, unknown>;
}

/** containersOf lists the containers, then the init containers, of a pod spec. */
export function containersOf(object: unknown, podSpec: Pointer): ContainerAt[] {
  return ['containers', 'initContainers'].flatMap((field) => {
    const list = getPath(object, [...podSpec, field]);
    return Array.isArray(list)
      ? list.flatMap((container, index) => (isRecord(container) ? [{ path: [...podSpec, field, String(index)], container }] : []))
      : [];
  });
}
