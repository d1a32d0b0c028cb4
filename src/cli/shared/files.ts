import { readFile } from 'node:fs/promises';
import { errorCode } from '../../kube/errors.js';

/** readIfPresent reads a UTF-8 file, or returns undefined when it does not exist; any other failure throws. */
export async function readIfPresent(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}
