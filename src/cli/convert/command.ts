import { Command } from 'commander';
import { changeReport, convertManifests } from './convert.js';
import { readManifests } from './manifests.js';
import { formatValue, type OutputFormat, outputOption, processWriter, yamlStream } from '../shared/output.js';

interface ConvertOptions {
  filename: string[];
  output: Exclude<OutputFormat, 'table'>;
  quiet: boolean;
}

/**
 * convertCommand is `kubefed convert -f FILE`: seed-era manifests rewritten for today's API
 * versions on stdout (federation annotations kept), what changed on stderr. A file with an object
 * that cannot be converted (unknown kind, missing selector labels) writes nothing and exits 1.
 */
export function convertCommand(): Command {
  return new Command('convert')
    .description('rewrite seed-era manifests (extensions/v1beta1, apps/v1beta1/v1beta2 …) for today\'s API versions')
    .requiredOption('-f, --filename <file>', 'manifest file, or - for standard input (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
    .addOption(outputOption(['yaml', 'json'], 'yaml'))
    .option('-q, --quiet', 'do not list the changes on stderr', false)
    .action(async (options: ConvertOptions) => {
      const converted = convertManifests(await readManifests(options.filename));
      if (!options.quiet) {
        processWriter.err(changeReport(converted));
      }
      const objects = converted.map((item) => item.object);
      if (options.output === 'yaml') {
        processWriter.out(yamlStream(objects));
      } else {
        processWriter.out(formatValue('json', objects.length === 1 ? objects[0] : { apiVersion: 'v1', kind: 'List', items: objects }));
      }
    });
}
