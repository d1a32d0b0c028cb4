import { describe, expect, it } from '@jest/globals';
import { apiServerReadVerbs, apiServerWriteVerbs, difference, parseSamples, requestsByResource, sumSamples, writesByHost } from '../../../src/bench/prometheus.js';

const exposition = `# HELP rest_client_requests_total Number of HTTP requests, partitioned by status code, method, and host.
# TYPE rest_client_requests_total counter
rest_client_requests_total{code="200",method="GET",host="127.0.0.1:1000"} 40
rest_client_requests_total{code="201",method="POST",host="127.0.0.1:1000"} 6
rest_client_requests_total{code="200",method="PATCH",host="127.0.0.1:1000"} 2
rest_client_requests_total{code="200",method="PATCH",host="127.0.0.1:2000"} 3
rest_client_requests_total{code="<error>",method="DELETE",host="127.0.0.1:2000"} 1
rest_client_requests_total{code="200",method="WATCH",host="127.0.0.1:2000"} 9
workqueue_depth{name="configmap",controller="configmap"} 0
workqueue_depth{name="namespace",controller="namespace"} 4
process_cpu_seconds_total 1.5
weird{message="a \\"quoted\\" value, with a comma"} 7
`;

describe('parseSamples', () => {
  it('reads names, labels and values and skips comments', () => {
    const samples = parseSamples(exposition);
    expect(samples).toHaveLength(10);
    expect(samples[0]).toEqual({ name: 'rest_client_requests_total', labels: { code: '200', method: 'GET', host: '127.0.0.1:1000' }, value: 40 });
    expect(samples.find((sample) => sample.name === 'process_cpu_seconds_total')).toEqual({ name: 'process_cpu_seconds_total', labels: {}, value: 1.5 });
  });

  it('unescapes label values', () => {
    const weird = parseSamples(exposition).find((sample) => sample.name === 'weird');
    expect(weird?.labels.message).toBe('a "quoted" value, with a comma');
  });
});

describe('sumSamples', () => {
  it('adds the samples carrying all the given labels', () => {
    const samples = parseSamples(exposition);
    expect(sumSamples(samples, 'workqueue_depth')).toBe(4);
    expect(sumSamples(samples, 'rest_client_requests_total', { host: '127.0.0.1:2000' })).toBe(13);
    expect(sumSamples(samples, 'rest_client_requests_total', { host: '127.0.0.1:2000', method: 'PATCH' })).toBe(3);
    expect(sumSamples(samples, 'absent')).toBe(0);
  });
});

describe('writesByHost', () => {
  it('counts POST, PUT, PATCH and DELETE per host, failed ones included, reads and watches not', () => {
    expect(writesByHost(parseSamples(exposition))).toEqual(
      new Map([
        ['127.0.0.1:1000', 8],
        ['127.0.0.1:2000', 4],
      ]),
    );
  });
});

describe('requestsByResource', () => {
  const apiServer = `# TYPE apiserver_request_total counter
apiserver_request_total{code="201",component="apiserver",group="apps",resource="deployments",scope="resource",subresource="",verb="POST",version="v1"} 100
apiserver_request_total{code="200",component="apiserver",group="apps",resource="deployments",scope="resource",subresource="status",verb="PATCH",version="v1"} 130
apiserver_request_total{code="409",component="apiserver",group="apps",resource="deployments",scope="resource",subresource="status",verb="PATCH",version="v1"} 2
apiserver_request_total{code="200",component="apiserver",group="apps",resource="deployments",scope="resource",subresource="",verb="PATCH",version="v1"} 100
apiserver_request_total{code="200",component="apiserver",group="apps",resource="deployments",scope="resource",subresource="",verb="APPLY",version="v1"} 4
apiserver_request_total{code="201",component="apiserver",group="",resource="events",scope="resource",subresource="",verb="POST",version="v1"} 100
apiserver_request_total{code="200",component="apiserver",group="apps",resource="deployments",scope="namespace",subresource="",verb="LIST",version="v1"} 7
apiserver_request_total{code="200",component="apiserver",group="apps",resource="deployments",scope="namespace",subresource="",verb="WATCH",version="v1"} 3
rest_client_requests_total{code="200",method="PATCH",host="127.0.0.1:1000"} 2
`;

  it('counts writing verbs per verb and resource/subresource, every code included, reads and watches not', () => {
    expect(requestsByResource(parseSamples(apiServer), apiServerWriteVerbs)).toEqual(
      new Map([
        ['POST deployments', 100],
        ['PATCH deployments/status', 132],
        ['PATCH deployments', 100],
        ['APPLY deployments', 4],
        ['POST events', 100],
      ]),
    );
  });

  it('counts reads apart', () => {
    expect(requestsByResource(parseSamples(apiServer), apiServerReadVerbs)).toEqual(
      new Map([
        ['LIST deployments', 7],
        ['WATCH deployments', 3],
      ]),
    );
  });
});

describe('difference', () => {
  it('subtracts per key, counting missing keys as 0', () => {
    const before = new Map([
      ['a', 5],
      ['gone', 2],
    ]);
    const after = new Map([
      ['a', 9],
      ['new', 3],
    ]);
    expect(difference(after, before)).toEqual(
      new Map([
        ['a', 4],
        ['new', 3],
        ['gone', -2],
      ]),
    );
  });
});
