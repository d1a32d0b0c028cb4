import type { KubeObject } from '../../core/objects.js';
import { clone, type Conversion, ConvertError, isRecord, type JsonRecord, record } from './conversion.js';

/** convertBackend turns {serviceName, servicePort} into networking.k8s.io/v1's {service: {name, port}}. */
function convertBackend(backend: JsonRecord, where: string): JsonRecord {
  if (isRecord(backend.resource)) {
    return { resource: backend.resource };
  }
  const { serviceName, servicePort, ...rest } = backend;
  if (typeof serviceName !== 'string' || serviceName === '') {
    throw new ConvertError(`${where} has no serviceName`);
  }
  let port: JsonRecord;
  if (typeof servicePort === 'number') {
    port = { number: servicePort };
  } else if (typeof servicePort === 'string' && /^\d+$/.test(servicePort)) {
    port = { number: Number(servicePort) };
  } else if (typeof servicePort === 'string' && servicePort !== '') {
    port = { name: servicePort };
  } else {
    throw new ConvertError(`${where} has no servicePort`);
  }
  return { ...rest, service: { name: serviceName, port } };
}

/**
 * convertIngress rewrites an extensions/v1beta1 or networking.k8s.io/v1beta1 Ingress as
 * networking.k8s.io/v1: backends name their service and port in the new shape, spec.backend is
 * spec.defaultBackend, and every path gets the now required pathType (ImplementationSpecific keeps
 * the old controller-defined matching).
 */
export function convertIngress(input: KubeObject): Conversion {
  const object = clone(input);
  const changes = [`apiVersion ${String(object.apiVersion)} -> networking.k8s.io/v1`];
  const notes: string[] = [];
  object.apiVersion = 'networking.k8s.io/v1';
  const spec = record(object, 'spec') ?? {};
  if (isRecord(spec.backend)) {
    spec.defaultBackend = convertBackend(spec.backend, 'spec.backend');
    delete spec.backend;
    changes.push('moved spec.backend to spec.defaultBackend as {service: {name, port}}');
  }
  let backends = 0;
  let pathTypes = 0;
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  rules.forEach((rule: unknown, ruleIndex: number) => {
    const paths = record(rule, 'http')?.paths;
    if (!Array.isArray(paths)) {
      return;
    }
    paths.forEach((path: unknown, pathIndex: number) => {
      if (!isRecord(path)) {
        return;
      }
      if (isRecord(path.backend)) {
        path.backend = convertBackend(path.backend, `spec.rules[${ruleIndex}].http.paths[${pathIndex}].backend`);
        backends += 1;
      }
      if (path.pathType === undefined) {
        path.pathType = 'ImplementationSpecific';
        pathTypes += 1;
      }
    });
  });
  if (backends > 0) {
    changes.push(`rewrote ${backends} path backend(s) as {service: {name, port}}`);
  }
  if (pathTypes > 0) {
    changes.push(`set pathType: ImplementationSpecific on ${pathTypes} path(s) (required in networking.k8s.io/v1)`);
  }
  if (object.metadata?.annotations?.['kubernetes.io/ingress.class'] !== undefined && spec.ingressClassName === undefined) {
    notes.push('kept the kubernetes.io/ingress.class annotation; networking.k8s.io/v1 prefers spec.ingressClassName');
  }
  return { object, changes, notes };
}
