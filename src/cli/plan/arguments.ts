import { InvalidArgumentError } from 'commander';

/** parseCounts reads "a=2,b=0" into {a: 2, b: 0}; counts must be whole numbers of at least 0. */
export function parseCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^([^=\s]+)=(.*)$/.exec(item);
    if (!match) {
      throw new InvalidArgumentError(`"${item}" is not CLUSTER=COUNT`);
    }
    const [, cluster = '', value = ''] = match;
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(Number(value))) {
      throw new InvalidArgumentError(`"${item}": the count must be a whole number of at least 0`);
    }
    if (cluster in counts) {
      throw new InvalidArgumentError(`cluster ${cluster} is given twice`);
    }
    counts[cluster] = Number(value);
  }
  return counts;
}

/** unknownClusters lists names in a --current/--capacity map that are not planned over. */
export function unknownClusters(counts: Record<string, number>, clusters: string[]): string[] {
  return Object.keys(counts).filter((cluster) => !clusters.includes(cluster));
}
