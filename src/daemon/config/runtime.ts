import { existsSync } from 'node:fs';

/**
 * Node flags the controller-manager runs with, wherever it is started (the Dockerfile repeats them; a unit test
 * keeps the two equal). A young generation of 8 MiB semi-spaces instead of V8's default lets a burst of thousands of
 * watch events and requests leave half the resident memory behind, for about the same CPU (see BENCHMARKS.md).
 */
export const nodeRuntimeFlags: readonly string[] = ['--max-semi-space-size=8'];

/** Where the image installs jemalloc (Debian's libjemalloc2, linked to one path whatever the architecture). */
export const jemallocPath = '/usr/local/lib/libjemalloc.so.2';

/**
 * jemalloc's settings: return freed pages to the kernel after a second, from a background thread, so an idle
 * controller-manager gives back what a burst used.
 */
export const jemallocSettings = 'background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0';

/**
 * The environment the controller-manager runs with (the Dockerfile, manifests/ and the chart set the same; a unit test
 * keeps them equal). glibc's malloc keeps what a burst of requests, TLS records and compilations freed in the middle
 * of its arenas, where free() never returns it: after 1000 ConfigMaps × 3 members that was as much resident memory as
 * the V8 heap itself, and malloc_trim gave it back. jemalloc returns it by itself.
 */
export const nodeRuntimeEnvironment: Readonly<Record<string, string>> = { LD_PRELOAD: jemallocPath, MALLOC_CONF: jemallocSettings };

/**
 * runtimeEnvironment is nodeRuntimeEnvironment where jemalloc is installed at one of `libraries` (outside the image:
 * Debian's package, `apt-get install libjemalloc2`), and nothing where it is not: preloading a missing library only
 * makes the loader complain on every start.
 */
export function runtimeEnvironment(
  libraries: readonly string[] = [jemallocPath, `/usr/lib/${debianArchitecture()}-linux-gnu/libjemalloc.so.2`],
  exists: (path: string) => boolean = existsSync,
): Record<string, string> {
  const library = libraries.find((path) => exists(path));
  return library === undefined ? {} : { ...nodeRuntimeEnvironment, LD_PRELOAD: library };
}

function debianArchitecture(): string {
  return process.arch === 'arm64' ? 'aarch64' : 'x86_64';
}
