/**
 * Node flags the controller-manager runs with, wherever it is started (the Dockerfile repeats them; a unit test
 * keeps the two equal). A young generation of 8 MiB semi-spaces instead of V8's default lets a burst of thousands of
 * watch events and requests leave half the resident memory behind, for about the same CPU (see BENCHMARKS.md).
 */
export const nodeRuntimeFlags: readonly string[] = ['--max-semi-space-size=8'];
