import type { KubeObject } from '../objects.js';
import { matchesClusterSelector } from '../../scheduling/cluster-selector.js';
import { isJsonObject } from '../../scheduling/go-json.js';
import { overridesAnnotation } from '../well-known.js';
import { CompileError, Compiler } from './compile.js';
import { forbiddenReason } from './forbidden.js';
import { formatPointer, type PatchOperation, type Pointer } from './json-patch.js';
import { type OverrideRule, OverridesError } from './rules.js';

/** OverrideTarget is a member cluster as rules select it. */
export interface OverrideTarget {
  name: string;
  labels: Record<string, string>;
}

/** Overridden is one member's copy after its rules, and the operations that made it from the rendered copy. */
export interface Overridden {
  object: KubeObject;
  operations: PatchOperation[];
}

/** selectsCluster: a rule applies to a cluster that is in its clusters (if given) and matches its selector (if given). */
export function selectsCluster(rule: OverrideRule, cluster: OverrideTarget): boolean {
  return (
    (rule.clusters === undefined || rule.clusters.includes(cluster.name)) &&
    (rule.clusterSelector === undefined || matchesClusterSelector(rule.clusterSelector, cluster.labels))
  );
}

/**
 * checkedPaths are the paths an operation writes. A shorthand that adds the first label or annotation
 * creates the whole map; each key in it is checked, as if added one by one.
 */
function checkedPaths(operation: PatchOperation): Pointer[] {
  const [top, field] = operation.path;
  const value = operation.op === 'remove' ? undefined : operation.value;
  if (operation.path.length === 2 && top === 'metadata' && (field === 'labels' || field === 'annotations') && isJsonObject(value)) {
    return Object.keys(value).map((key) => [...operation.path, key]);
  }
  return [operation.path];
}

/**
 * overrideCopy applies the rules that select a cluster to its rendered copy, in order, and returns the
 * new copy; the input is not changed. It throws an OverridesError naming the rule, the field and the
 * cluster when a change does not fit the copy (a path or container that does not exist) or would touch
 * a field that is not the user's to override (see forbiddenReason).
 */
export function overrideCopy(copy: KubeObject, cluster: OverrideTarget, rules: readonly OverrideRule[], computedPaths: readonly Pointer[]): Overridden {
  const compiler = new Compiler(copy);
  for (const rule of rules.filter((candidate) => selectsCluster(candidate, cluster))) {
    const before = compiler.operations.length;
    try {
      compiler.rule(rule);
    } catch (error) {
      if (error instanceof CompileError) {
        throw new OverridesError(`${overridesAnnotation}: overrides[${rule.index}]${error.message} (cluster ${cluster.name})`);
      }
      throw error;
    }
    for (const path of compiler.operations.slice(before).flatMap(checkedPaths)) {
      const reason = forbiddenReason(path, computedPaths);
      if (reason) {
        throw new OverridesError(`${overridesAnnotation}: overrides[${rule.index}] (cluster ${cluster.name}): ${formatPointer(path)}: ${reason}`);
      }
    }
  }
  return { object: compiler.document as KubeObject, operations: compiler.operations };
}
