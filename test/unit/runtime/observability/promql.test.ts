// The metric names read out of PromQL decide what the dashboard test asks /metrics for.
import { describe, expect, it } from '@jest/globals';
import { dashboardQueries, grafanaToPromQL, metricNames } from '../../../e2e/support/promql.js';

describe('metricNames', () => {
  it.each([
    ['kubefed_cluster_ready', ['kubefed_cluster_ready']],
    ['max by (cluster) (kubefed_cluster_ready{job=~"$job"}) == 0', ['kubefed_cluster_ready']],
    ['histogram_quantile(0.99, sum by (controller, le) (rate(kubefed_propagation_latency_seconds_bucket{job=~".+"}[5m]))) > 30', ['kubefed_propagation_latency_seconds_bucket']],
    ['count(max by (cluster) (kubefed_cluster_ready) == 0) or vector(0)', ['kubefed_cluster_ready']],
    ['sum(a_total) / on (pod) group_left (node) b_info unless c offset 5m', ['a_total', 'b_info', 'c']],
    ['sum without (instance) (rate(x_seconds_sum[1h:5m])) / ignoring (le) y_seconds_count', ['x_seconds_sum', 'y_seconds_count']],
    ['{__name__="workqueue_depth", name="member-gcek8s"} > 1000', ['workqueue_depth']],
    ['absent(leader_election_master_status{name="kubefed-controller-manager"})', ['leader_election_master_status']],
    ['label_replace(up, "to", "$1", "from", "(.*)") > bool 0', ['up']],
    ['time() - process_start_time_seconds > 1e3 and Inf > 0', ['process_start_time_seconds']],
    ['kubefed_cluster_condition{reason=~"a|b", type="Ready"} == 1', ['kubefed_cluster_condition']],
    ['rate(workqueue_adds_total{name=~"member-.*"}[$__rate_interval])', ['workqueue_adds_total']],
  ])('%s selects %j', (expression, names) => {
    expect(metricNames(expression)).toEqual(names);
  });
});

describe('dashboardQueries', () => {
  it('finds the queries of panels, of panels inside rows, and of label_values variables', () => {
    const queries = dashboardQueries({
      panels: [
        { title: 'a', targets: [{ expr: 'x_total' }, {}] },
        { title: 'row', panels: [{ title: 'b', targets: [{ expr: 'y' }] }] },
      ],
      templating: { list: [{ name: 'datasource', query: 'prometheus' }, { name: 'job', query: { query: 'label_values(z{a="b"}, job)' } }] },
    });
    expect(queries).toEqual([
      { where: 'panel "a"', expression: 'x_total' },
      { where: 'panel "b"', expression: 'y' },
      { where: 'variable $job', expression: 'z{a="b"}' },
    ]);
  });
});

describe('grafanaToPromQL', () => {
  it('replaces Grafana variables with values Prometheus parses', () => {
    expect(grafanaToPromQL('rate(x{job=~"$job", a="${b}"}[$__rate_interval])')).toBe('rate(x{job=~".+", a=".+"}[5m])');
  });
});
