import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../../../src/core/objects.js';
import type { MemberView } from '../../../../src/members/registry.js';
import { placeObject } from '../../../../src/core/propagation/placement.js';
import { clusterSelectorAnnotation } from '../../../../src/scheduling/cluster-selector.js';

function view(name: string, labels: Record<string, string>, failed = false): MemberView {
  return { name, labels, cluster: { metadata: { name, labels } }, ready: !failed, failed };
}

const views = [view('eu', { region: 'eu', tier: 'gold' }), view('us', { region: 'us' }), view('ap', { region: 'ap', tier: 'gold' }, true)];

function object(selector?: string): KubeObject {
  return { metadata: { name: 'web', namespace: 'shop', ...(selector === undefined ? {} : { annotations: { [clusterSelectorAnnotation]: selector } }) } };
}

const names = (placement: { clusters: MemberView[] }) => placement.clusters.map((cluster) => cluster.name);
const selector = (key: string, operator: string, values?: string[]) => JSON.stringify([{ key, operator, ...(values ? { values } : {}) }]);
const holdsNothing = () => false;

describe('placeObject', () => {
  it.each<[string, string | undefined, string[]]>([
    ['no selector places everywhere', undefined, ['eu', 'us', 'ap']],
    ['an In selector', selector('region', 'in', ['eu', 'us']), ['eu', 'us']],
    ['an Exists selector', selector('tier', 'exists'), ['eu', 'ap']],
    ['a selector nothing matches', selector('region', '=', ['mars']), []],
  ])('%s (kinds that do not split replicas keep failed members)', (_name, annotation, expected) => {
    const placement = placeObject(object(annotation), views, false, holdsNothing);
    expect(names(placement)).toEqual(expected);
    expect(placement.error).toBeUndefined();
  });

  it('leaves failed members out for replica-split kinds', () => {
    expect(names(placeObject(object(), views, true, holdsNothing))).toEqual(['eu', 'us']);
    expect(names(placeObject(object(selector('tier', 'exists')), views, true, holdsNothing))).toEqual(['eu']);
  });

  it.each([['not json'], [selector('region', 'near', ['eu'])], ['{"key":"a"}']])(
    'keeps an object with the unusable selector %s where it already is, and says why',
    (annotation) => {
      const placement = placeObject(object(annotation), views, false, (cluster) => cluster === 'us');
      expect(names(placement)).toEqual(['us']);
      expect(placement.error).toEqual(expect.any(String));
      expect(placement.error).not.toBe('');
    },
  );
});
