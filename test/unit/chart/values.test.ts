// charts/kubefed/values.yaml offers every controller-manager flag: the ones the chart sets from
// values of their own, and every other one under `flags`, by its camelCase name.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { load } from 'js-yaml';
import { configCommand } from '../../../src/daemon/config/flags.js';

const values = load(readFileSync(new URL('../../../charts/kubefed/values.yaml', import.meta.url), 'utf8')) as { flags: Record<string, unknown> };

/** Flags the chart sets itself: from federationName, metricsPort, healthProbePort, leaderElect, federationKubeconfig, and the release namespace. */
const setByTheChart = ['federationName', 'metricsBindAddress', 'healthProbeBindAddress', 'leaderElect', 'kubeconfig', 'leaderElectNamespace'];

describe('values.yaml', () => {
  it('lists every other controller-manager flag under flags, unset so the controller-manager default holds', () => {
    const flags = configCommand().options.map((option) => option.attributeName()).filter((name) => !setByTheChart.includes(name));
    expect(Object.keys(values.flags).sort()).toEqual(flags.sort());
    expect(Object.values(values.flags).every((value) => value === null)).toBe(true);
  });

  it('names each flag so that kebab-casing it gives the flag (as the chart\'s kebabcase does)', () => {
    const longs = new Set(configCommand().options.map((option) => option.long));
    for (const name of Object.keys(values.flags)) {
      expect(longs).toContain(`--${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`);
    }
  });
});
