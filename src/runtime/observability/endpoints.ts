import type { Server } from 'node:http';
import { boundAddress, type Check, healthRoute, parseBindAddress, serve } from './http-server.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { Runnable } from '../runnable.js';

export interface EndpointOptions {
  /** metricsAddress serves /metrics, probeAddress /healthz, /livez and /readyz; "0" turns one off. */
  metricsAddress: string;
  probeAddress: string;
  health: Map<string, Check>;
  ready: Map<string, Check>;
  metrics: Metrics;
  logger: Logger;
}

/** Endpoints are the controller-manager's listeners and the addresses they bound (port 0 takes a free port). */
export interface Endpoints {
  servers: Server[];
  bound: { metrics?: string; probes?: string };
}

/** serveEndpoints starts the probe and metrics listeners, the only ports the controller-manager opens. */
export async function serveEndpoints(options: EndpointOptions): Promise<Endpoints> {
  const endpoints: Endpoints = { servers: [], bound: {} };
  const onError = (error: Error) => options.logger.error('listener error', { error: error.message });
  const probes = parseBindAddress(options.probeAddress);
  if (probes) {
    const server = await serve(probes, { '/healthz': healthRoute(options.health), '/livez': healthRoute(options.health), '/readyz': healthRoute(options.ready) }, onError);
    endpoints.servers.push(server);
    endpoints.bound.probes = boundAddress(server);
  }
  const metricsAddress = parseBindAddress(options.metricsAddress);
  if (metricsAddress) {
    const registry = options.metrics.registry;
    const server = await serve(metricsAddress, { '/metrics': async () => ({ status: 200, body: await registry.metrics(), contentType: registry.contentType }) }, onError);
    endpoints.servers.push(server);
    endpoints.bound.metrics = boundAddress(server);
  }
  return endpoints;
}

/** EndpointServers are the listeners as one Runnable: start binds them, stop closes them. */
export class EndpointServers implements Runnable {
  readonly name = 'endpoints';
  readonly #options: EndpointOptions;
  #servers: Server[] = [];
  /** bound holds the addresses bound once started. */
  bound: Endpoints['bound'] = {};

  constructor(options: EndpointOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { servers, bound } = await serveEndpoints(this.#options);
    this.#servers = servers;
    this.bound = bound;
  }

  async stop(): Promise<void> {
    await Promise.all(this.#servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  }
}
