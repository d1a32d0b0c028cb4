import type { CompletionNode, CompletionOption } from './tree.js';

/** Completion is what to offer for the word being typed. */
export interface Completion {
  /** candidates as "value" or "value\tdescription", already matching the typed prefix. */
  candidates: string[];
  /** files: the word is a path (a flag value or argument without known values). */
  files: boolean;
  /** contexts: the word is a kubeconfig context, for the caller to list. */
  contexts: boolean;
}

/** walk finds the command path named by the words before the one being typed, skipping flag values. */
function walk(nodes: CompletionNode[], words: readonly string[]): { node: CompletionNode; valueFlag?: CompletionOption } {
  const byPath = new Map(nodes.map((node) => [node.path, node]));
  let node = byPath.get('') as CompletionNode;
  let valueFlag: CompletionOption | undefined;
  for (const word of words) {
    if (valueFlag) {
      valueFlag = undefined;
    } else if (word.startsWith('-')) {
      const option = word.includes('=') ? undefined : node.options.find((candidate) => candidate.names.includes(word));
      valueFlag = option?.takesValue ? option : undefined;
    } else {
      const child = node.subcommands.find((sub) => sub.name === word);
      node = (child && byPath.get(child.path)) ?? node;
    }
  }
  return { node, valueFlag };
}

/**
 * complete answers cobra's __complete protocol for a CLI without cobra (kubectl asks plugins this
 * way): `words` are the words after the program, the last one being typed (maybe empty).
 */
export function complete(nodes: CompletionNode[], words: readonly string[]): Completion {
  const typed = words.at(-1) ?? '';
  const { node, valueFlag } = walk(nodes, words.slice(0, -1));
  const matching = (entries: { name: string; description: string }[]) =>
    entries.filter((entry) => entry.name.startsWith(typed)).map((entry) => (entry.description ? `${entry.name}\t${entry.description}` : entry.name));
  if (valueFlag && !typed.startsWith('-')) {
    return {
      candidates: matching(valueFlag.choices.map((name) => ({ name, description: '' }))),
      files: valueFlag.choices.length === 0 && !valueFlag.contexts,
      contexts: valueFlag.contexts,
    };
  }
  if (typed.startsWith('-')) {
    return { candidates: matching(node.options.flatMap((option) => option.names.map((name) => ({ name, description: option.description })))), files: false, contexts: false };
  }
  const next = [...node.subcommands, ...node.argumentChoices.map((name) => ({ name, description: '' }))];
  return { candidates: matching(next), files: next.length === 0, contexts: false };
}
