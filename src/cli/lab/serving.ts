/**
 * servingUrls reads the controller-manager's `serving` log line (a JSON line with the addresses its
 * listeners bound) and returns the URLs to show, or undefined for any other line. The lab runs the
 * controller-manager on free ports (127.0.0.1:0), so these URLs are the only way to learn them.
 */
export function servingUrls(line: string): string[] | undefined {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof entry !== 'object' || entry === null || !('msg' in entry) || entry.msg !== 'serving') {
    return undefined;
  }
  const address = (field: string): string | undefined => {
    const value = (entry as Record<string, unknown>)[field];
    return typeof value === 'string' ? value : undefined;
  };
  const metrics = address('metrics');
  const probes = address('probes');
  return [
    ...(metrics === undefined ? [] : [`metrics: http://${metrics}/metrics`]),
    ...(probes === undefined ? [] : [`probes:  http://${probes}/healthz  http://${probes}/readyz`]),
  ];
}
