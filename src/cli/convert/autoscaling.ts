import type { KubeObject } from '../../core/objects.js';
import { clone, type Conversion, ConvertError, isRecord, type JsonRecord, record } from './conversion.js';

/** API versions a seed-era HPA may name its target with; today Deployments and ReplicaSets are apps/v1. */
const legacyWorkloadVersions = ['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'];

/** fixScaleTarget points scaleTargetRef at apps/v1 when it names a Deployment or ReplicaSet by a removed version. */
function fixScaleTarget(spec: JsonRecord, changes: string[]): void {
  const target = record(spec, 'scaleTargetRef');
  if (!target) {
    throw new ConvertError('has no spec.scaleTargetRef');
  }
  if (
    typeof target.apiVersion === 'string' &&
    legacyWorkloadVersions.includes(target.apiVersion) &&
    (target.kind === 'Deployment' || target.kind === 'ReplicaSet')
  ) {
    changes.push(`spec.scaleTargetRef.apiVersion ${target.apiVersion} -> apps/v1`);
    target.apiVersion = 'apps/v1';
  }
}

function target(source: JsonRecord, value: string, averageValue: string, utilization?: string): JsonRecord {
  if (utilization !== undefined && source[utilization] !== undefined) {
    return { type: 'Utilization', averageUtilization: source[utilization] };
  }
  if (source[averageValue] !== undefined) {
    return { type: 'AverageValue', averageValue: source[averageValue] };
  }
  if (source[value] !== undefined) {
    return { type: 'Value', value: source[value] };
  }
  throw new ConvertError(`a metric has no target (${[utilization, averageValue, value].filter(Boolean).join(', ')})`);
}

function metricIdentifier(name: unknown, selector: unknown): JsonRecord {
  return { name, ...(selector === undefined ? {} : { selector }) };
}

/** convertMetricV2beta1 rewrites one autoscaling/v2beta1 metric in the autoscaling/v2 shape. */
export function convertMetricV2beta1(metric: JsonRecord): JsonRecord {
  switch (metric.type) {
    case 'Resource': {
      const source = record(metric, 'resource') ?? {};
      return { type: 'Resource', resource: { name: source.name, target: target(source, 'targetValue', 'targetAverageValue', 'targetAverageUtilization') } };
    }
    case 'ContainerResource': {
      const source = record(metric, 'containerResource') ?? {};
      return {
        type: 'ContainerResource',
        containerResource: { name: source.name, container: source.container, target: target(source, 'targetValue', 'targetAverageValue', 'targetAverageUtilization') },
      };
    }
    case 'Pods': {
      const source = record(metric, 'pods') ?? {};
      return { type: 'Pods', pods: { metric: metricIdentifier(source.metricName, source.selector), target: { type: 'AverageValue', averageValue: source.targetAverageValue } } };
    }
    case 'Object': {
      const source = record(metric, 'object') ?? {};
      const objectTarget = source.averageValue !== undefined ? { type: 'AverageValue', averageValue: source.averageValue } : { type: 'Value', value: source.targetValue };
      return { type: 'Object', object: { describedObject: source.target, metric: metricIdentifier(source.metricName, source.selector), target: objectTarget } };
    }
    case 'External': {
      const source = record(metric, 'external') ?? {};
      return { type: 'External', external: { metric: metricIdentifier(source.metricName, source.metricSelector), target: target(source, 'targetValue', 'targetAverageValue') } };
    }
    default:
      throw new ConvertError(`metric type ${String(metric.type)} is not an autoscaling/v2beta1 metric type`);
  }
}

/**
 * convertHpa keeps autoscaling/v1 and v2 HPAs (both are served today) but points a target named by
 * a removed workload version at apps/v1; autoscaling/v2beta2 becomes v2 as is, and v2beta1's
 * metrics are rewritten in v2's metric/target shape.
 */
export function convertHpa(input: KubeObject): Conversion {
  const object = clone(input);
  const from = String(object.apiVersion);
  const changes: string[] = [];
  const spec = record(object, 'spec');
  if (!spec) {
    throw new ConvertError('has no spec');
  }
  if (from === 'autoscaling/v2beta1' || from === 'autoscaling/v2beta2') {
    object.apiVersion = 'autoscaling/v2';
    changes.push(`apiVersion ${from} -> autoscaling/v2`);
  }
  if (from === 'autoscaling/v2beta1' && Array.isArray(spec.metrics)) {
    const metrics = spec.metrics.map((metric: unknown) => {
      if (!isRecord(metric)) {
        throw new ConvertError('spec.metrics holds something that is not a metric');
      }
      return convertMetricV2beta1(metric);
    });
    spec.metrics = metrics;
    changes.push(`rewrote ${metrics.length} metric(s) with autoscaling/v2 targets`);
  }
  if (from === 'autoscaling/v2beta1' && object.status !== undefined) {
    delete object.status;
    changes.push('dropped status (its v2beta1 shape is not v2; the API server fills it)');
  }
  fixScaleTarget(spec, changes);
  return { object, changes, notes: [] };
}
