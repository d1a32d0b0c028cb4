// The federation systems the benchmark can compare kubefed with (`--peers`); the comparison itself is in peers/.

export const peerNames = ['kubefed-v2', 'karmada'] as const;
export type PeerName = (typeof peerNames)[number];

/** parsePeers reads "kubefed-v2,karmada" into peer names, refusing unknown ones. Pure. */
export function parsePeers(text: string): PeerName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new Error(`--peers needs at least one of ${peerNames.join(', ')}`);
  }
  const peers = new Set<PeerName>();
  for (const name of names) {
    const peer = peerNames.find((known) => known === name);
    if (peer === undefined) {
      throw new Error(`unknown peer ${JSON.stringify(name)}: expected ${peerNames.join(', ')}`);
    }
    peers.add(peer);
  }
  return [...peers];
}
