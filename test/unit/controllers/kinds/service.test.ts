import { describe, expect, it } from '@jest/globals';
import { serviceSpec } from '../../../../src/controllers/kinds/service.js';

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
