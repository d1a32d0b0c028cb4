// kubefed_cluster_condition mirrors the conditions written to each Cluster: the alerts match on its
// reason, so a cluster's old reason must vanish when a new one is written.
import { describe, expect, it } from '@jest/globals';
import { Metrics } from '../../../../src/runtime/observability/metrics.js';

async function conditionLines(metrics: Metrics): Promise<string[]> {
  const text = await metrics.registry.getSingleMetricAsString('kubefed_cluster_condition');
  return text.split('\n').filter((line) => line.startsWith('kubefed_cluster_condition{'));
}

describe('setClusterConditions', () => {
  it('exports one series per condition with its reason, whatever the reason is', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.setClusterConditions('gcek8s', [
      { type: 'Ready', status: 'False', reason: 'CredentialsRejected' },
      { type: 'Offline', status: 'True', reason: 'ClusterNotReachable' },
    ]);
    expect(await conditionLines(metrics)).toEqual([
      'kubefed_cluster_condition{cluster="gcek8s",type="Ready",status="False",reason="CredentialsRejected"} 1',
      'kubefed_cluster_condition{cluster="gcek8s",type="Offline",status="True",reason="ClusterNotReachable"} 1',
    ]);
  });

  it('replaces a cluster\'s earlier conditions and leaves other clusters alone', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.setClusterConditions('gcek8s', [{ type: 'Ready', status: 'False', reason: 'ClusterNotReady' }]);
    metrics.setClusterConditions('awsk8s', [{ type: 'Ready', status: 'True', reason: 'ClusterReady' }]);
    metrics.setClusterConditions('gcek8s', [{ type: 'Ready', status: 'True', reason: 'ClusterReady' }]);
    expect(await conditionLines(metrics)).toEqual([
      'kubefed_cluster_condition{cluster="awsk8s",type="Ready",status="True",reason="ClusterReady"} 1',
      'kubefed_cluster_condition{cluster="gcek8s",type="Ready",status="True",reason="ClusterReady"} 1',
    ]);
  });

  it('forgets a cluster given no conditions, and writes an empty reason for a condition without one', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.setClusterConditions('gcek8s', [{ type: 'Ready', status: 'Unknown' }]);
    expect(await conditionLines(metrics)).toEqual(['kubefed_cluster_condition{cluster="gcek8s",type="Ready",status="Unknown",reason=""} 1']);
    metrics.setClusterConditions('gcek8s', []);
    expect(await conditionLines(metrics)).toEqual([]);
  });
});
