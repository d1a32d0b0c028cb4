import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { controllerNames, envName, parseConfig, selectControllers } from '../../../../src/daemon/config/flags.js';

describe('selectControllers', () => {
  const all = [...controllerNames];

  it.each<[string, string[]]>([
    ['*', all],
    ['*,-ingresses,-service-dns', all.filter((name) => name !== 'ingresses' && name !== 'service-dns')],
    ['jobs, deployments', ['deployments', 'jobs']],
    ['-jobs', []],
    ['jobs,-jobs', []],
    ['', []],
  ])('%j selects the right controllers in their canonical order', (list, expected) => {
    expect(selectControllers(list)).toEqual(expected);
  });

  it('rejects an unknown controller and lists the known ones', () => {
    expect(() => selectControllers('*,-statefulsets')).toThrow(/unknown controller\(s\) statefulsets; known: namespaces, configmaps/);
  });
});

describe('envName', () => {
  it.each([
    ['--member-qps', 'KUBEFED_MEMBER_QPS'],
    ['--kubeconfig', 'KUBEFED_KUBECONFIG'],
    ['--insecure-skip-member-tls-verify', 'KUBEFED_INSECURE_SKIP_MEMBER_TLS_VERIFY'],
  ])('backs %s with %s', (flag, expected) => {
    expect(envName(flag)).toBe(expected);
  });
});

describe('parseConfig', () => {
  let saved: NodeJS.ProcessEnv;
  beforeEach(() => {
    saved = { ...process.env };
    for (const key of Object.keys(process.env).filter((name) => name.startsWith('KUBEFED_'))) {
      delete process.env[key];
    }
  });
  afterEach(() => {
    process.env = saved;
  });

  it('has the documented defaults', () => {
    const config = parseConfig([]);
    expect(config).toMatchObject({
      federationName: 'federation',
      controllers: [...controllerNames],
      workers: 16,
      metricsBindAddress: ':8080',
      healthProbeBindAddress: ':8081',
      logLevel: 'info',
      leaderElect: true,
      leaderElectLeaseDurationMs: 15_000,
      leaderElectRenewDeadlineMs: 10_000,
      leaderElectRetryPeriodMs: 2_000,
      leaderElectNamespace: 'federation-system',
      leaderElectId: 'kubefed-controller-manager',
      federationQps: 400,
      federationBurst: 800,
      eventQps: 50,
      eventBurst: 100,
      memberQps: 0,
      memberBurst: 400,
      memberConcurrency: 16,
      memberTimeoutMs: 15_000,
      insecureSkipMemberTlsVerify: false,
      clusterProbePeriodMs: 10_000,
      clusterProbeTimeoutMs: 5_000,
      clusterFailureThreshold: 3,
      clusterSuccessThreshold: 1,
      failoverGracePeriodMs: 60_000,
      unschedulableThresholdMs: 60_000,
      hpaScaleForbiddenWindowMs: 120_000,
      resyncPeriodMs: 300_000,
      shutdownTimeoutMs: 30_000,
      dnsTtl: 180,
    });
    expect(config.kubeconfig).toBeUndefined();
    expect(config.dnsZoneName).toBeUndefined();
  });

  it('reads flags, with durations in milliseconds', () => {
    const config = parseConfig(['--workers', '4', '--member-timeout', '1m30s', '--controllers', '*,-jobs', '--leader-elect', 'false', '--kubeconfig', '/k']);
    expect(config).toMatchObject({ workers: 4, memberTimeoutMs: 90_000, leaderElect: false, kubeconfig: '/k' });
    expect(config.controllers).not.toContain('jobs');
  });

  it('treats a bare boolean flag as true', () => {
    expect(parseConfig(['--insecure-skip-member-tls-verify']).insecureSkipMemberTlsVerify).toBe(true);
  });

  it('falls back to environment variables, and a flag beats its variable', () => {
    process.env.KUBEFED_WORKERS = '3';
    process.env.KUBEFED_MEMBER_TIMEOUT = '20s';
    process.env.KUBEFED_LEADER_ELECT = '0';
    process.env.KUBEFED_FEDERATION_NAME = 'from-env';
    const config = parseConfig(['--federation-name', 'from-flag']);
    expect(config).toMatchObject({ workers: 3, memberTimeoutMs: 20_000, leaderElect: false, federationName: 'from-flag' });
  });

  it.each([
    [['--workers', '-1'], /--workers: "-1" is not a non-negative integer/],
    [['--workers', '2.5'], /not a non-negative integer/],
    [['--member-qps', 'fast'], /--member-qps: "fast" is not a non-negative number/],
    [['--member-timeout', '10'], /--member-timeout: invalid duration "10"/],
    [['--controllers', 'pods'], /unknown controller/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseConfig(argv)).toThrow(message);
  });

  it.each([
    ['off'],
    [''],
    ['no'],
    ['yes'],
    ['TRUE'],
    [' true'],
    ['2'],
  ])('refuses %j as a boolean, from the flag and from its environment variable', (value) => {
    expect(() => parseConfig([`--insecure-skip-member-tls-verify=${value}`])).toThrow(/option '--insecure-skip-member-tls-verify \[bool\]' argument '.*' is invalid\. ".*" is not a boolean: use true, false, 1 or 0\./);
    process.env.KUBEFED_INSECURE_SKIP_MEMBER_TLS_VERIFY = value;
    expect(() => parseConfig([])).toThrow(/value '.*' from env 'KUBEFED_INSECURE_SKIP_MEMBER_TLS_VERIFY' is invalid\. ".*" is not a boolean/);
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads %j from the insecure variable as %s', (value, expected) => {
    process.env.KUBEFED_INSECURE_SKIP_MEMBER_TLS_VERIFY = value;
    expect(parseConfig([]).insecureSkipMemberTlsVerify).toBe(expected);
  });

  it('rejects an invalid environment variable as it would the flag', () => {
    process.env.KUBEFED_WORKERS = 'many';
    expect(() => parseConfig([])).toThrow(/--workers: "many" is not a non-negative integer/);
  });
});
