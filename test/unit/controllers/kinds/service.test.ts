import { describe, expect, it } from '@jest/globals';
import { serviceSpec, trimService } from '../../../../src/controllers/kinds/service.js';
import { userNodePorts } from '../../../../src/controllers/kinds/user-node-ports.js';
import type { Service } from '../../../../src/core/kinds.js';

describe('serviceSpec', () => {
  it('drops what the federation API server allocated and keeps what the user wrote', () => {
    const spec = {
      type: 'LoadBalancer',
      selector: { app: 'web' },
      clusterIP: '10.96.0.10',
      clusterIPs: ['10.96.0.10'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      healthCheckNodePort: 32000,
      externalTrafficPolicy: 'Local',
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP', nodePort: 31080 },
        { name: 'https', port: 443, protocol: 'TCP' },
      ],
    };
    expect(serviceSpec(spec)).toEqual({
      type: 'LoadBalancer',
      selector: { app: 'web' },
      ipFamilyPolicy: 'SingleStack',
      externalTrafficPolicy: 'Local',
      ports: [
        { name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' },
        { name: 'https', port: 443, protocol: 'TCP' },
      ],
    });
  });

  it('keeps clusterIP None of a headless Service', () => {
    const result = serviceSpec({ clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } });
    expect(result).toEqual({ clusterIP: 'None', clusterIPs: ['None'], selector: { app: 'db' } });
  });

  it('handles a missing spec and a spec without ports', () => {
    expect(serviceSpec(undefined)).toEqual({});
    expect(serviceSpec({ type: 'ExternalName', externalName: 'db.example.com' })).toEqual({ type: 'ExternalName', externalName: 'db.example.com' });
  });
});

describe('node ports the user set', () => {
  // What kubectl create leaves in managedFields for ports 80 (nodePort written) and 81/UDP (allocated).
  const service: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'web',
      managedFields: [
        {
          manager: 'kubectl-create',
          operation: 'Update',
          fieldsV1: {
            'f:spec': {
              'f:ports': {
                '.': {},
                'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:nodePort': {}, 'f:port': {}, 'f:protocol': {} },
                'k:{"port":81,"protocol":"UDP"}': { '.': {}, 'f:port': {}, 'f:protocol': {} },
              },
            },
          },
        },
        { manager: 'kubectl', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:ports': { 'k:{"port":82,"protocol":"TCP"}': { 'f:nodePort': {} }, 'k:not json': { 'f:nodePort': {} } } } } },
        { manager: 'kubefed', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:finalizers': {} } } },
      ],
    },
    spec: {
      type: 'NodePort',
      ports: [
        { name: 'a', port: 80, protocol: 'TCP', nodePort: 31082 },
        { name: 'b', port: 81, protocol: 'UDP', nodePort: 32047 },
        { name: 'c', port: 82, nodePort: 31090 },
      ],
    },
  };

  it('are the ones a managedFields entry owns, whoever the manager', () => {
    expect(userNodePorts(service)).toEqual(['80/TCP', '82/TCP']);
    expect(userNodePorts({ metadata: { name: 'none' } })).toEqual([]);
  });

  it('are noted when the cache trims managedFields, and only those reach members', () => {
    const trimmed = trimService(service);
    expect(trimmed.metadata.managedFields).toBeUndefined();
    expect(trimmed.metadata.userNodePorts).toEqual(['80/TCP', '82/TCP']);
    expect(serviceSpec(trimmed.spec as Record<string, unknown>, trimmed.metadata.userNodePorts).ports).toEqual([
      { name: 'a', port: 80, protocol: 'TCP', nodePort: 31082 },
      { name: 'b', port: 81, protocol: 'UDP' },
      { name: 'c', port: 82, nodePort: 31090 },
    ]);
  });

  it('leave no note on a Service without any', () => {
    expect(trimService({ metadata: { name: 'web', managedFields: [] } }).metadata).toEqual({ name: 'web' });
  });
});
