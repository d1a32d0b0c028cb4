// Types of eslint.config.js for the test that proves the layer rule (test/unit/lint/layers.test.ts).
import type { Linter } from 'eslint';

export declare const layers: readonly string[];
export declare const layerBoundaries: Linter.Config;
declare const config: Linter.Config[];
export default config;
