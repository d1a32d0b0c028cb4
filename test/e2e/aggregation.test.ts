// ClusterRole aggregation, which `kubefed enable` relies on to grant an enabled type: the federation's
// kube-controller-manager runs the aggregation controller (as `kubefed init`'s does), and so do members.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { federationRole } from '../../src/cli/enable/roles.js';
import { aggregateToControllerLabel } from '../../src/core/well-known.js';
import { getJson, joinedLab, memberNames, run, uniqueName, waitFor } from './support/federation.js';

const name = uniqueName('kubefed-aggregate');
const widgets = { group: 'example.com', version: 'v1', kind: 'Widget', plural: uniqueName('widgets'), namespaced: true };
const granted = federationRole(widgets);
let clusters: string[];

beforeAll(async () => {
  const state = await joinedLab();
  clusters = [state.federation, memberNames(state)[0] ?? ''];
});

afterAll(async () => {
  for (const cluster of clusters) {
    await run(cluster, ['delete', 'clusterrole', name, granted.metadata.name ?? '', '--ignore-not-found']).catch(() => undefined);
  }
});

describe('ClusterRole aggregation', () => {
  test("a role kubefed enable writes is added to a role that aggregates its label, in the federation and in a member", async () => {
    const aggregated = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregateToControllerLabel]: 'true' } }] },
    };
    for (const cluster of clusters) {
      await run(cluster, ['apply', '-f', '-'], JSON.stringify(aggregated));
      await run(cluster, ['apply', '-f', '-'], JSON.stringify(granted));
      await waitFor(`${name} to aggregate ${granted.metadata.name ?? ''} in ${cluster}`, async () => {
        const role = await getJson<{ rules?: { resources: string[] }[] }>(cluster, ['clusterrole', name]);
        return role?.rules?.some((rule) => rule.resources.includes(widgets.plural)) || role;
      }, 30_000);
      const role = await getJson<{ rules: unknown[] }>(cluster, ['clusterrole', name]);
      expect(role?.rules).toContainEqual({ apiGroups: ['example.com'], resources: [widgets.plural], verbs: ['list', 'watch', 'patch'] });
    }
  });
});
