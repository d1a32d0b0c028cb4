import type { EventRecorder } from '../runtime/events/recorder.js';
import type { KubeClient } from '../kube/client.js';
import { errorMessage } from '../kube/errors.js';
import { objectPath, secrets } from '../kube/resources.js';
import type { SecretObject } from '../members/cluster.js';
import type { MemberRegistry, MemberView } from '../members/registry.js';
import { renewAt, requestedSeconds, tokenAnnotations, tokenLifetime, type TokenLifetime } from '../members/token-lifetime.js';
import { requestToken } from '../members/token-request.js';
import type { Logger } from '../runtime/observability/logger.js';
import type { Clock } from '../runtime/clock.js';
import type { Runnable } from '../runtime/runnable.js';
import { federationNamespace, fieldManager } from '../core/well-known.js';

export interface TokenRenewerOptions {
  registry: MemberRegistry;
  /** client writes the renewed token into the credentials Secret in the federation. */
  client: KubeClient;
  recorder: EventRecorder;
  logger: Logger;
  clock: Clock;
  /** periodMs is how often lifetimes are looked at (the cluster probe period). */
  periodMs: number;
  /** retryMs spaces out attempts for a member whose renewal failed. */
  retryMs?: number;
}

/** RenewalStep is what to do now about one member's token. */
export type RenewalStep = { kind: 'none' } | { kind: 'renew'; lifetime: TokenLifetime } | { kind: 'problem'; message: string };

/** renewalStep decides from the credentials Secret, the time, and when a renewal last failed. Pure. */
export function renewalStep(secret: SecretObject | undefined, now: number, failedAt: number | undefined, retryMs: number): RenewalStep {
  const { lifetime, problem } = tokenLifetime(secret?.metadata.annotations);
  if (problem !== undefined) {
    return { kind: 'problem', message: problem };
  }
  if (lifetime === undefined || now < renewAt(lifetime) || (failedAt !== undefined && now - failedAt < retryMs)) {
    return { kind: 'none' };
  }
  return { kind: 'renew', lifetime };
}

/**
 * TokenRenewer keeps expiring member tokens (the ones join had to get from TokenRequest) valid: once 80% of a
 * token's lifetime has passed it asks the member for a new one, with the token it still holds, and stores it
 * with its lifetime in the credentials Secret (the registry then rebuilds the member's client). A failure is
 * a Warning event on the Cluster and is retried; the token is still valid for a fifth of its lifetime then.
 * Only the leader runs it.
 */
export class TokenRenewer implements Runnable {
  readonly name = 'token-renewer';
  readonly #options: TokenRenewerOptions;
  readonly #failedAt = new Map<string, number>();
  readonly #reported = new Set<string>();
  #timer?: unknown;
  #running?: Promise<void>;
  #stopped = false;

  constructor(options: TokenRenewerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#options.clock.clearTimeout(this.#timer);
    await this.#running;
  }

  /** check looks at every member once; tests call it directly. */
  async check(): Promise<void> {
    const { registry, clock } = this.#options;
    for (const view of registry.views()) {
      const secretName = view.cluster.spec?.secretRef?.name;
      const secret = secretName ? registry.secrets.get(`${federationNamespace}/${secretName}`) : undefined;
      const step = renewalStep(secret, clock.now(), this.#failedAt.get(view.name), this.#options.retryMs ?? 60_000);
      if (step.kind === 'problem') {
        this.#reportOnce(view, step.message);
      } else if (step.kind === 'renew' && secret) {
        await this.#renew(view, secret, step.lifetime);
      }
    }
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) {
      return;
    }
    this.#timer = this.#options.clock.setTimeout(() => {
      this.#running = this.check()
        .catch((error: unknown) => {
          this.#options.logger.error('member token renewal check failed', { error: errorMessage(error) });
        })
        .finally(() => this.#schedule(this.#options.periodMs));
    }, delayMs);
  }

  async #renew(view: MemberView, secret: SecretObject, lifetime: TokenLifetime): Promise<void> {
    const { client, recorder, logger } = this.#options;
    if (!view.member) {
      this.#fail(view, `no client for cluster ${view.name}: ${view.problem ?? 'its credentials are unusable'}`);
      return;
    }
    try {
      const renewed = await requestToken(view.member.client, lifetime.serviceAccount, requestedSeconds(lifetime));
      await client.request({
        method: 'PATCH',
        path: objectPath(secrets, federationNamespace, secret.metadata.name ?? ''),
        contentType: 'application/merge-patch+json',
        query: { fieldManager },
        // The resourceVersion makes the write fail rather than overwrite credentials a join wrote meanwhile.
        body: {
          metadata: { resourceVersion: secret.metadata.resourceVersion, annotations: tokenAnnotations(renewed.lifetime) },
          data: { token: Buffer.from(renewed.token).toString('base64') },
        },
      });
      this.#failedAt.delete(view.name);
      const expires = new Date(renewed.lifetime.expiresAt).toISOString();
      logger.info('member token renewed', { cluster: view.name, action: 'renew-token', expiresAt: expires });
      recorder.record(view.cluster, 'Normal', 'TokenRenewed', `renewed kubefed's token for cluster ${view.name}; the new one expires ${expires}`);
    } catch (error) {
      this.#fail(view, errorMessage(error));
    }
  }

  #fail(view: MemberView, message: string): void {
    this.#failedAt.set(view.name, this.#options.clock.now());
    this.#options.logger.warn('member token renewal failed, retrying', { cluster: view.name, action: 'renew-token', error: message });
    this.#options.recorder.record(view.cluster, 'Warning', 'TokenRenewalFailed', `could not renew kubefed's token for cluster ${view.name}: ${message}`);
  }

  /** A Secret with unusable annotations is reported once per content, not on every check. */
  #reportOnce(view: MemberView, message: string): void {
    const key = `${view.name}/${message}`;
    if (!this.#reported.has(key)) {
      this.#reported.add(key);
      this.#options.logger.warn('member token lifetime unreadable', { cluster: view.name, error: message });
      this.#options.recorder.record(view.cluster, 'Warning', 'TokenRenewalFailed', `cannot renew kubefed's token for cluster ${view.name}: ${message}`);
    }
  }
}
