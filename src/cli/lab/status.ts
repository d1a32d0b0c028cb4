// `lab status`: which recorded process still runs, on which port, with how much memory.
import { memberPaths, type MemberPathStatus } from './member-path.js';
import { isRunning, residentBytes } from './processes.js';
import { describeMode } from './proxy-mode.js';
import { labComponents, readLabState, type ComponentName, type LabState } from './state.js';

export interface ComponentStatus {
  /** undefined for the shared etcd. */
  readonly cluster: string | undefined;
  readonly component: ComponentName;
  readonly pid: number;
  readonly ports: Readonly<Record<string, number>>;
  readonly running: boolean;
  /** Resident memory in bytes when running. */
  readonly resident: number | undefined;
  readonly log: string;
}

export interface LabStatus {
  readonly state: LabState;
  readonly components: readonly ComponentStatus[];
  /** kubefed's path to each member, as its proxy reports it. */
  readonly paths: readonly MemberPathStatus[];
}

/** labStatus returns undefined when DIR holds no lab. */
export async function labStatus(directory: string): Promise<LabStatus | undefined> {
  const state = await readLabState(directory);
  if (state === undefined) {
    return undefined;
  }
  const components = await Promise.all(
    labComponents(state).map(async ({ cluster, component }): Promise<ComponentStatus> => {
      const running = await isRunning(component);
      return {
        cluster,
        component: component.component,
        pid: component.pid,
        ports: component.ports,
        running,
        resident: running ? await residentBytes(component.pid) : undefined,
        log: component.log,
      };
    }),
  );
  return { state, components, paths: await memberPaths(state) };
}

/** The whole lab's resident memory: the sum over its running processes. */
export function totalResident(status: LabStatus): number {
  return status.components.reduce((sum, component) => sum + (component.resident ?? 0), 0);
}

/** renderStatusTable lays the status out as aligned text columns, then kubefed's path to each member. Pure. */
export function renderStatusTable(status: LabStatus): string {
  const header = ['CLUSTER', 'COMPONENT', 'PID', 'PORT', 'STATE', 'RSS', 'LOG'];
  const components = status.components.map((component) => [
    component.cluster ?? '(shared)',
    component.component,
    String(component.pid),
    Object.values(component.ports).join(',') || '-',
    component.running ? 'running' : 'stopped',
    component.resident === undefined ? '-' : `${Math.round(component.resident / 1048576)}Mi`,
    component.log,
  ]);
  const paths = status.paths.map((member) => [
    member.cluster,
    'error' in member.path ? 'unknown' : describeMode(member.path),
    member.server,
    'error' in member.path ? member.path.error : `${member.path.connections} connections (${member.path.closedByKubefed} closed by kubefed), ${member.path.heldBytes} bytes held`,
  ]);
  const tables = [table(header, components)];
  if (paths.length > 0) {
    tables.push(table(['MEMBER', "KUBEFED'S PATH", 'VIA', 'PROXY'], paths));
  }
  return tables.join('\n\n');
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
