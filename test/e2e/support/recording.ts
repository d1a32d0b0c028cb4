// Records every version of the objects one collection of a lab cluster holds, from a list and a watch,
// for tests that must show a value never appeared (a replica count, a deletion), not merely that it is gone now.
import { KubeClient, type WatchEvent } from '../../../src/kube/client.js';
import type { KubeList, KubeObject } from '../../../src/core/objects.js';
import { labKubeConfig } from '../../lab/lab-environment.js';

/** A version of an object as the watch delivered it; the listed objects count as ADDED. */
export interface RecordedVersion {
  type: WatchEvent['type'];
  object: KubeObject;
}

export interface Recording {
  readonly cluster: string;
  readonly versions: RecordedVersion[];
  /** of lists the versions of one object, in the order the API server sent them. */
  of(name: string): RecordedVersion[];
  /** stop ends the watch; it throws if the watch broke off, since the recording would then have a gap. */
  stop(): Promise<void>;
}

/** record lists `path` (a collection, e.g. /apis/apps/v1/namespaces/web/deployments) in `cluster` and watches it until stopped. */
export async function record(cluster: string, path: string): Promise<Recording> {
  const client = await KubeClient.create(labKubeConfig(cluster));
  const list = await client.request<KubeList>({ path });
  const versions: RecordedVersion[] = list.items.map((object) => ({ type: 'ADDED', object }));
  let resourceVersion = list.metadata.resourceVersion;
  let failure: { error: unknown } | undefined;
  const abort = new AbortController();
  const onEvent = (event: WatchEvent): void => {
    const object = event.object as KubeObject;
    if (event.type === 'ERROR') {
      throw new Error(`the watch of ${path} in ${cluster} failed: ${JSON.stringify(event.object)}`);
    }
    resourceVersion = object.metadata.resourceVersion ?? resourceVersion;
    if (event.type !== 'BOOKMARK') {
      versions.push({ type: event.type, object });
    }
  };
  const watching = (async () => {
    // A watch that ends cleanly (the server's timeout) resumes where it stopped, so no version is missed.
    while (!abort.signal.aborted) {
      await client.watch(path, { resourceVersion, allowWatchBookmarks: true }, onEvent, { signal: abort.signal });
    }
  })().catch((error: unknown) => {
    if (!abort.signal.aborted) {
      failure = { error };
    }
  });
  return {
    cluster,
    versions,
    of: (name) => versions.filter((version) => version.object.metadata.name === name),
    stop: async () => {
      abort.abort();
      await watching;
      await client.close();
      if (failure !== undefined) {
        throw failure.error;
      }
    },
  };
}
