// kubectl completes a plugin's words by running kubectl_complete-<plugin> with them and reading
// cobra's __complete answer: one candidate a line ("value<TAB>description"), then ":<directive>".
import { complete } from './completion/complete.js';
import { completionTree } from './completion/tree.js';
import { loadUserKubeConfig } from './shared/contexts.js';
import { program } from './main.js';

/** cobra's ShellCompDirective values: 0 lets the shell complete file names, 4 does not. */
const directive = { default: 0, noFileCompletion: 4 } as const;

/** kubeconfigContexts lists the contexts of the kubeconfig the typed words name, as kubectl would read it. */
function kubeconfigContexts(words: readonly string[], typed: string): string[] {
  const index = words.findIndex((word) => word === '--kubeconfig' || word.startsWith('--kubeconfig='));
  const file = index < 0 ? undefined : words[index]?.includes('=') ? words[index]?.split('=')[1] : words[index + 1];
  try {
    return loadUserKubeConfig(file).getContexts().map((context) => context.name).filter((name) => name.startsWith(typed));
  } catch {
    return [];
  }
}

/** kubectlCompletion is the answer for `kubectl kubefed <words>`, the last word being typed. */
export function kubectlCompletion(words: readonly string[]): string {
  const answer = complete(completionTree(program('kubectl kubefed')), words.length > 0 ? words : ['']);
  const candidates = answer.contexts ? kubeconfigContexts(words, words.at(-1) ?? '') : answer.candidates;
  return [...candidates, `:${answer.files ? directive.default : directive.noFileCompletion}`].join('\n') + '\n';
}
