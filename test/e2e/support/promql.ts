// Reading PromQL the way the monitoring tests need: which metrics an expression selects, and the
// expressions a Grafana dashboard or a PrometheusRule holds.

const keywords = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'atan2', 'inf', 'nan']);

/**
 * metricNames lists the metric names a PromQL expression selects (sorted, unique): identifiers that
 * are neither functions, aggregations, keywords, label names (in braces or in by/on/… lists),
 * strings, numbers nor durations. A selector written {__name__="x"} names x.
 */
export function metricNames(expression: string): string[] {
  const names = new Set<string>();
  for (const match of expression.matchAll(/__name__\s*=\s*"([^"]+)"/g)) {
    names.add(match[1] as string);
  }
  const stripped = expression
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  for (const match of stripped.matchAll(/(?<![\w:.])([a-zA-Z_:][\w:]*)(?![\w:])(\s*\()?/g)) {
    const [, name, call] = match as unknown as [string, string, string | undefined];
    if (call === undefined && !keywords.has(name.toLowerCase())) {
      names.add(name);
    }
  }
  return [...names].sort();
}

/** GrafanaPanel is the part of a dashboard panel that holds queries. */
interface GrafanaPanel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: GrafanaPanel[];
}

export interface Dashboard {
  panels?: GrafanaPanel[];
  templating?: { list?: { name: string; query?: string | { query?: string } }[] };
}

/** dashboardQueries lists every PromQL query of a dashboard (panels, rows' panels, variables) with where it is. */
export function dashboardQueries(dashboard: Dashboard): { where: string; expression: string }[] {
  const queries: { where: string; expression: string }[] = [];
  const visit = (panel: GrafanaPanel): void => {
    for (const target of panel.targets ?? []) {
      if (target.expr) {
        queries.push({ where: `panel "${panel.title ?? ''}"`, expression: target.expr });
      }
    }
    (panel.panels ?? []).forEach(visit);
  };
  (dashboard.panels ?? []).forEach(visit);
  for (const variable of dashboard.templating?.list ?? []) {
    const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
    // label_values(metric, label) and query_result(expression) name metrics; a datasource variable does not.
    const inner = query ? /^(?:label_values|query_result)\((.*)\)$/.exec(query.trim())?.[1] : undefined;
    if (inner) {
      queries.push({ where: `variable $${variable.name}`, expression: inner.replace(/,\s*\w+\s*$/, '') });
    }
  }
  return queries;
}

/** grafanaToPromQL replaces Grafana's variables with values Prometheus accepts, so the query parses as PromQL. */
export function grafanaToPromQL(expression: string): string {
  return expression
    .replace(/\$__(rate_interval|interval|range)\b/g, '5m')
    .replace(/\$\{?\w+\}?/g, '.+');
}
