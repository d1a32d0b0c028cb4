// manifests/monitoring/ against the real thing: the alert rules pass `promtool check rules` and their
// recorded-sample tests (`promtool test rules`), every dashboard query is valid PromQL, and every
// metric the dashboard and the alerts query is served, with samples, by a controller-manager running
// on the lab once it has done what makes each metric appear (a propagation, a rejected write).
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { dump, load } from 'js-yaml';
import { runProcess } from '../lab/lab-environment.js';
import { ControllerManager, fastFlags } from './support/controller-manager.js';
import { createFederatedNamespace, getJson, joinedLab, memberNames, run, uniqueName, waitFor } from './support/federation.js';
import { type Dashboard, dashboardQueries, grafanaToPromQL, metricNames } from './support/promql.js';
import { promtool, root } from './support/tools.js';

interface RuleGroup {
  name: string;
  rules: { alert?: string; record?: string; expr: string; annotations?: Record<string, string> }[];
}

const monitoring = path.join(root, 'manifests', 'monitoring');
let work: string;
let groups: RuleGroup[];
let dashboard: Dashboard;
const alerts = () => groups.flatMap((group) => group.rules).filter((rule) => rule.alert !== undefined);

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'kubefed-monitoring-'));
  groups = (load(await readFile(path.join(monitoring, 'prometheus-rule.yaml'), 'utf8')) as { spec: { groups: RuleGroup[] } }).spec.groups;
  dashboard = JSON.parse(await readFile(path.join(monitoring, 'kubefed-dashboard.json'), 'utf8')) as Dashboard;
  // promtool reads Prometheus rule files: the PrometheusRule's spec is one.
  await writeFile(path.join(work, 'kubefed-alerts.rules.yaml'), dump({ groups }));
});

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('alerts', () => {
  test('promtool check rules accepts every rule', async () => {
    const result = await promtool(['check', 'rules', 'kubefed-alerts.rules.yaml'], work);
    expect({ code: result.code, output: result.stdout + result.stderr }).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`SUCCESS: ${alerts().length} rules found`);
  });

  test('promtool test rules: each alert fires on its recorded samples, and not on the ones that must not page', async () => {
    await copyFile(path.join(root, 'test', 'fixtures', 'alerts', 'rules.test.yaml'), path.join(work, 'rules.test.yaml'));
    const result = await promtool(['test', 'rules', 'rules.test.yaml'], work);
    expect({ code: result.code, output: result.stdout + result.stderr }).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('SUCCESS');
  });

  test('every alert has recorded-sample tests that expect it to fire, and a runbook section in docs/alerts.md', async () => {
    const tests = load(await readFile(path.join(root, 'test', 'fixtures', 'alerts', 'rules.test.yaml'), 'utf8')) as {
      tests: { alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const firing = new Set(tests.tests.flatMap((group) => (group.alert_rule_test ?? []).filter((check) => check.exp_alerts.length > 0).map((check) => check.alertname)));
    const runbook = await readFile(path.join(root, 'docs', 'alerts.md'), 'utf8');
    for (const rule of alerts()) {
      expect({ alert: rule.alert, tested: firing.has(rule.alert as string) }).toEqual({ alert: rule.alert, tested: true });
      const anchor = rule.annotations?.runbook;
      expect(anchor).toBe(`docs/alerts.md#${(rule.alert as string).toLowerCase()}`);
      expect(runbook).toMatch(new RegExp(`^## ${rule.alert}$`, 'm'));
    }
  });
});

describe('dashboard', () => {
  test('every query is valid PromQL (promtool parses each as a recording rule)', async () => {
    const queries = dashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThan(15);
    const rules = queries.map((query, index) => ({ record: `kubefed:dashboard_query:${index}`, expr: grafanaToPromQL(query.expression) }));
    await writeFile(path.join(work, 'dashboard.rules.yaml'), dump({ groups: [{ name: 'dashboard', rules }] }));
    const result = await promtool(['check', 'rules', 'dashboard.rules.yaml'], work);
    expect({ code: result.code, output: result.stdout + result.stderr }).toMatchObject({ code: 0 });
  });

  test('its ConfigMap for the Grafana sidecar carries the JSON file as it is', async () => {
    const built = await runProcess(process.env.KUBECTL ?? 'kubectl', ['kustomize', monitoring]);
    expect(built.code).toBe(0);
    const configMap = (built.stdout.split(/^---$/m).map((document) => load(document)) as { kind: string; metadata: { labels: Record<string, string> }; data: Record<string, string> }[]).find(
      (object) => object.kind === 'ConfigMap',
    );
    expect(configMap?.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
    expect(configMap?.data['kubefed-dashboard.json']).toBe(await readFile(path.join(monitoring, 'kubefed-dashboard.json'), 'utf8'));
  });
});

describe('on a running controller-manager', () => {
  const namespace = uniqueName('monitoring');
  let manager: ControllerManager | undefined;
  let federation: string;

  beforeAll(async () => {
    const state = await joinedLab();
    federation = state.federation;
    manager = await ControllerManager.start({ flags: fastFlags });
    await createFederatedNamespace(state, namespace);
    // The namespace's propagation (latency histogram, member writes, queue histograms), and a write
    // one member refuses (write errors, retries, reconcile errors): a quota allowing no ConfigMaps.
    const [refusing, accepting] = memberNames(state) as [string, string];
    await run(refusing, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'no-configmaps', namespace }, spec: { hard: { configmaps: '0' } } }));
    await run(federation, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'refused', namespace }, data: { refused: 'by one member' } }));
    await waitFor(`the ConfigMap in ${accepting}`, async () => (await getJson(accepting, ['configmap', 'refused', '-n', namespace])) !== undefined, 30_000);
  });

  afterAll(async () => {
    await run(federation, ['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
    await manager?.stop();
  });

  test('serves every metric the dashboard and the alerts query, with samples', async () => {
    const wanted = new Map<string, string>();
    for (const query of dashboardQueries(dashboard)) {
      metricNames(query.expression).forEach((name) => wanted.set(name, `dashboard ${query.where}`));
    }
    for (const rule of alerts()) {
      metricNames(rule.expr).forEach((name) => wanted.set(name, `alert ${rule.alert}`));
    }
    expect(wanted.size).toBeGreaterThan(10);
    const served = (text: string) => new Set([...text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{[^}]*\})? \S+$/gm)].map((match) => match[1]));
    await waitFor('a sample of every queried metric on /metrics', async () => {
      const names = served(await (manager as ControllerManager).metrics());
      const missing = [...wanted].filter(([name]) => !names.has(name)).map(([name, where]) => `${name} (${where})`);
      return missing.length === 0 || missing;
    }, 60_000);
  });
});
