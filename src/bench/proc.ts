// Pure parsing of /proc/<pid>/stat and /proc/<pid>/status, for a process's CPU time and memory.

/** Linux reports CPU times in USER_HZ ticks, which is 100 per second on every architecture's user ABI. */
export const ticksPerSecond = 100;

/**
 * cpuSecondsFromStat is utime + stime of /proc/<pid>/stat in seconds. The command name (field 2) may hold
 * spaces and parentheses, so fields are counted from the last ')'.
 */
export function cpuSecondsFromStat(stat: string): number {
  const close = stat.lastIndexOf(')');
  if (close < 0) {
    throw new Error('not a /proc/<pid>/stat line');
  }
  // After ") " come field 3 (state) onwards; utime and stime are fields 14 and 15.
  const fields = stat.slice(close + 2).trim().split(/\s+/);
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error('no utime/stime in /proc/<pid>/stat');
  }
  return (utime + stime) / ticksPerSecond;
}

export interface MemoryStatus {
  /** VmRSS: resident memory now. */
  residentBytes: number;
  /** VmHWM: the peak resident memory since the process started. */
  peakResidentBytes: number;
  /** RssAnon: the anonymous part of VmRSS (heaps, malloc), without the mapped binary and libraries. */
  anonymousBytes?: number;
}

/** memoryFromStatus reads VmRSS, VmHWM and RssAnon (kB) from /proc/<pid>/status. */
export function memoryFromStatus(status: string): MemoryStatus {
  const kilobytes = (field: string): number | undefined => {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  };
  const required = (field: string): number => {
    const value = kilobytes(field);
    if (value === undefined) {
      throw new Error(`no ${field} in /proc/<pid>/status`);
    }
    return value;
  };
  const anonymousBytes = kilobytes('RssAnon');
  return { residentBytes: required('VmRSS'), peakResidentBytes: required('VmHWM'), ...(anonymousBytes === undefined ? {} : { anonymousBytes }) };
}
