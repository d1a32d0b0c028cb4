import type { Command } from 'commander';

/**
 * Examples for every command's --help, by command path ('' is the program). They are written
 * without the program name, which is put in front when help is shown: `kubefed …` or, run as a
 * kubectl plugin, `kubectl kubefed …`. A unit test requires an entry for every command.
 */
export const examples: Record<string, readonly (readonly [comment: string, command: string])[]> = {
  '': [
    ['start the seed walkthrough\'s local federation (master-control, gcek8s, awsk8s) and run kubefed on it', 'lab run'],
    ['register a member cluster (the federation is the current context)', 'join gcek8s --host-cluster-context gcek8s'],
    ['see every member and what is not in sync', 'status'],
  ],
  lab: [
    ['start a lab and leave it running', 'lab up --federation master-control --members gcek8s,awsk8s --workloads'],
    ['show its processes', 'lab status'],
    ['stop it', 'lab down'],
  ],
  'lab up': [
    ['three clusters, members with two fake nodes each that run Pods', 'lab up --federation master-control --members gcek8s,awsk8s --workloads --nodes 2'],
    ['a second lab beside the first', 'lab up --dir /tmp/lab2 --members a,b'],
  ],
  'lab down': [['stop the lab in .lab (its logs stay)', 'lab down'], ['stop the lab in another directory', 'lab down --dir /tmp/lab2']],
  'lab status': [['processes, ports, memory and logs of the lab in .lab', 'lab status']],
  'lab stop': [['simulate an outage of one member', 'lab stop gcek8s']],
  'lab start': [['end the outage', 'lab start gcek8s']],
  'lab partition': [
    ["drop kubefed's traffic to gcek8s without an answer, as a network partition would (kubectl still reaches it)", 'lab partition gcek8s'],
    ['the same in a lab elsewhere', 'lab partition awsk8s --dir /tmp/lab2'],
  ],
  'lab slow': [
    ["add three seconds to every answer gcek8s gives kubefed", 'lab slow gcek8s --delay 3s'],
    ['a slow link in a lab elsewhere', 'lab slow awsk8s --delay 500ms --dir /tmp/lab2'],
  ],
  'lab heal': [["let kubefed's traffic to gcek8s pass again", 'lab heal gcek8s']],
  'lab run': [
    ['the seed walkthrough\'s federation with kubefed in the foreground', 'lab run'],
    ['three members without fake nodes, passing a flag to the controller-manager', 'lab run --members a,b,c --no-workloads -- --log-level=debug'],
  ],
  join: [
    ['join gcek8s, whose kubeconfig context has the same name', 'join gcek8s --host-cluster-context gcek8s --secret-name fed-secret-gce'],
    ['join a cluster whose context is named differently, naming the federation context too', 'join awsk8s --host-cluster-context gcek8s --cluster-context aws-admin --context master-control'],
  ],
  unjoin: [
    ['remove a member; what was propagated to it stays', 'unjoin gcek8s'],
    ['remove it together with every object this federation propagated there', 'unjoin gcek8s --delete-propagated'],
  ],
  init: [
    ['set up a control plane in the host cluster gcek8s', 'init master-control --host-cluster-context gcek8s --dns-zone-name mydomain.com'],
    ['print every object instead of creating them', 'init master-control --host-cluster-context gcek8s --dns-zone-name mydomain.com --dry-run'],
  ],
  status: [
    ['members and objects not in sync, for the current context', 'status'],
    ['as YAML, for another federation context', 'status --context master-control -o yaml'],
    ['in a script: exit 3 when something is unhealthy', 'status --exit-code'],
  ],
  get: [['list the member clusters', 'get clusters']],
  'get clusters': [['all members', 'get clusters'], ['one member as JSON', 'get clusters gcek8s -o json']],
  rollout: [['follow a federated Deployment\'s rollout in every member', 'rollout status deployment/web -n shop']],
  'rollout status': [
    ['follow a rollout until it completes', 'rollout status deployment/web -n shop'],
    ['give up after five minutes (exit 1, as kubectl does)', 'rollout status daemonset/agent --timeout 5m'],
  ],
  convert: [
    ['bring a seed-era manifest up to date and create it', 'convert -f nginx-extensions-v1beta1.yaml | kubectl create -f -'],
  ],
  enable: [
    ['propagate a custom resource, granting it in the federation and in two members', 'enable widgets.example.com --member-context gcek8s --member-context awsk8s'],
    ['propagate PodDisruptionBudgets; members not named are listed with the command to run for them later', 'enable poddisruptionbudgets.policy --member-context gcek8s'],
  ],
  disable: [['stop propagating widgets; the copies in members stay', 'disable widgets.example.com --member-context gcek8s --member-context awsk8s']],
  plan: [
    ['where the federation\'s Ready clusters would get a Deployment\'s replicas', 'plan -f deployment.yaml'],
    ['over named clusters, given what runs and fits there now', 'plan -f deployment.yaml --clusters gcek8s,awsk8s --current gcek8s=2 --capacity awsk8s=4 -o json'],
  ],
  completion: [
    ['bash, in the current shell', 'source <(PROGRAM completion bash)'],
    ['zsh, for every new shell', 'PROGRAM completion zsh > "${fpath[1]}/_PROGRAM"'],
    ['fish', 'PROGRAM completion fish > ~/.config/fish/completions/PROGRAM.fish'],
  ],
};

function pathOf(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current?.parent; current = current.parent) {
    names.unshift(current.name());
  }
  return names.join(' ');
}

/** renderExamples is the Examples section of one command's help; PROGRAM in an example stands for the program name. */
export function renderExamples(program: string, entries: readonly (readonly [string, string])[]): string {
  const lines = entries.flatMap(([comment, command]) => {
    const line = command.includes('PROGRAM') ? command.replaceAll('PROGRAM', program) : `${program} ${command}`;
    return [`  # ${comment}`, `  ${line}`];
  });
  return `\nExamples:\n${lines.join('\n')}\n`;
}

/** addExamples puts each command's examples after its help; the program name is read when help is shown. */
export function addExamples(root: Command): void {
  const visit = (command: Command): void => {
    const entries = examples[pathOf(command)];
    if (entries) {
      command.addHelpText('after', () => renderExamples(root.name(), entries));
    }
    command.commands.forEach(visit);
  };
  visit(root);
}
