// What "ready" means for each component, as checks for waitUntil.
import { readFile } from 'node:fs/promises';
import { loopback } from './arguments.js';
import { servingAuthority } from './certificates.js';
import { answersOk, probe } from './health.js';
import type { Readiness } from './launch.js';
import type { ComponentPlan } from './plan.js';
import { errorCode } from '../../kube/errors.js';

/** A loaded 2-core machine starting several apiservers at once needs far longer than envtest's 20 s. */
export const apiServerTimeout = 60_000;
const componentTimeout = 60_000;

function port(plan: ComponentPlan, name: string): number {
  const value = plan.ports[name];
  if (value === undefined) {
    throw new Error(`${plan.component} has no ${name} port`);
  }
  return value;
}

export function etcdReadiness(plan: ComponentPlan): Readiness {
  const url = `http://${loopback}:${port(plan, 'client')}/health`;
  return {
    description: `etcd answering ${url}`,
    timeoutMilliseconds: componentTimeout,
    check: async () => {
      const result = await probe({ url });
      return (result.status === 200 && /"health":\s*"true"/.test(result.body)) || `HTTP ${result.status}: ${result.body.trim()}`;
    },
  };
}

/** readAuthority returns the CA of a self-signing apiserver once it has written its certificate. */
export async function readAuthority(servingCertificate: string): Promise<string> {
  return servingAuthority(await readFile(servingCertificate, 'utf8'), servingCertificate);
}

/** Ready means /readyz answers 200 over TLS verified against the CA the apiserver wrote into its cert-dir. */
export function apiServerReadiness(plan: ComponentPlan, servingCertificate: string): Readiness {
  const url = `https://${loopback}:${port(plan, 'secure')}/readyz`;
  return {
    description: `kube-apiserver answering ${url}`,
    timeoutMilliseconds: apiServerTimeout,
    check: async () => {
      let authority: string;
      try {
        authority = await readAuthority(servingCertificate);
      } catch (error) {
        if (errorCode(error) === 'ENOENT') {
          return `no serving certificate in ${servingCertificate} yet`;
        }
        throw error;
      }
      return answersOk({ url, certificateAuthority: authority })();
    },
  };
}

export function healthzReadiness(plan: ComponentPlan): Readiness {
  const url = `https://${loopback}:${port(plan, 'secure')}/healthz`;
  return { description: `${plan.component} answering ${url}`, timeoutMilliseconds: componentTimeout, check: answersOk({ url, insecure: true }) };
}

/** The member proxy is ready once its control API answers; its listener was bound before that. */
export function proxyReadiness(plan: ComponentPlan): Readiness {
  const url = `http://${loopback}:${port(plan, 'control')}/healthz`;
  return { description: `member proxy answering ${url}`, timeoutMilliseconds: componentTimeout, check: answersOk({ url }) };
}
