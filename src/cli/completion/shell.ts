import { type CompletionNode, singleQuoted } from './tree.js';

// Pieces of the bash and zsh scripts that are the same code in both shells: the case statements
// generated from the tree, and the loop that finds the command path typed so far.

/** caseArms renders `'path') body ;;` lines, one per node that has something to say. */
export function caseArms(nodes: CompletionNode[], body: (node: CompletionNode) => string | undefined): string {
  return nodes
    .map((node) => [node.path, body(node)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([path, text]) => `    ${singleQuoted(path)}) ${text} ;;`)
    .join('\n');
}

/** helperFunctions are FN_child (path|word → subcommand path), FN_value_flags (flags taking a value) and FN_values (their known values). */
export function helperFunctions(fn: string, nodes: CompletionNode[]): string {
  const children = nodes.flatMap((node) => node.subcommands.map((sub) => `    ${singleQuoted(`${node.path}|${sub.name}`)}) echo ${singleQuoted(sub.path)} ;;`));
  const values = nodes.flatMap((node) =>
    node.options
      .filter((option) => option.takesValue && (option.choices.length > 0 || option.contexts))
      .flatMap((option) =>
        option.names.map((name) => `    ${singleQuoted(`${node.path}|${name}`)}) ${option.contexts ? 'kubectl config get-contexts -o name 2>/dev/null' : `echo ${singleQuoted(option.choices.join(' '))}`} ;;`),
      ),
  );
  return `${fn}_child() {
  case "$1|$2" in
${children.join('\n')}
  esac
}
${fn}_value_flags() {
  case "$1" in
${caseArms(nodes, (node) => {
  const names = node.options.filter((option) => option.takesValue).flatMap((option) => option.names);
  return names.length > 0 ? `echo ${singleQuoted(names.join(' '))}` : undefined;
})}
  esac
}
${fn}_values() {
  case "$1|$2" in
${values.join('\n')}
    *) return 1 ;;
  esac
}`;
}

/**
 * pathLoop sets `pathVariable` to the command path named by the words before the one being typed,
 * skipping flag values; `words` is the shell's array of words, from index `first` up to `last`.
 */
export function pathLoop(fn: string, options: { words: string; first: number; last: string; pathVariable: string }): string {
  const { words, first, last, pathVariable: path } = options;
  return `  for ((i = ${first}; i < ${last}; i++)); do
    word=\${${words}[i]}
    if ((skip)); then
      skip=0
    elif [[ $word == -*=* ]]; then
      :
    elif [[ $word == -* ]]; then
      [[ " $(${fn}_value_flags "$${path}") " == *" $word "* ]] && skip=1
    else
      child=$(${fn}_child "$${path}" "$word")
      [[ -n $child ]] && ${path}=$child
    fi
  done`;
}
