import { isJsonObject } from '../../scheduling/go-json.js';
import { getPath } from '../propagation/paths.js';
import { containersOf, type ContainerAt, podSpecPath, podTemplatePath } from './containers.js';
import { formatImage, parseImage, withParts } from './image.js';
import { applyOperation, type PatchOperation, type Pointer } from './json-patch.js';
import type { ArgsChange, EnvChange, ImageChange, MapChange, OverrideRule } from './rules.js';

/** CompileError is a change that does not fit the copy it is applied to; the message names the field. */
export class CompileError extends Error {}

/**
 * Compiler turns one rule's shorthands into JSON Patch operations against a copy, applying each as it
 * goes, so that later changes see earlier ones (a second env var appends to the list the first created).
 * operations then lists exactly what was changed, and document is the result.
 */
export class Compiler {
  readonly operations: PatchOperation[] = [];

  constructor(public document: unknown) {}

  /** rule applies one rule: shorthands first, then its patches. */
  rule(rule: OverrideRule): void {
    rule.image.forEach((change, index) => this.#image(change, `.image[${index}]`));
    rule.env.forEach((change, index) => this.#env(change, `.env[${index}]`));
    rule.args.forEach((change, index) => this.#args(change, `.args[${index}]`));
    this.#metadata(rule.labels, ['metadata', 'labels'], '.labels');
    this.#metadata(rule.annotations, ['metadata', 'annotations'], '.annotations');
    for (const [change, field] of [[rule.podLabels, 'labels'], [rule.podAnnotations, 'annotations']] as const) {
      if (change) {
        const template = podTemplatePath(this.document);
        if (!template) {
          throw new CompileError(`.pod${field === 'labels' ? 'Labels' : 'Annotations'}: the object has no pod template`);
        }
        this.#metadata(change, [...template, 'metadata', field], `.pod${field === 'labels' ? 'Labels' : 'Annotations'}`);
      }
    }
    rule.patches.forEach((operation, index) => this.#apply(operation, `.patches[${index}]`));
  }

  #apply(operation: PatchOperation, where: string): void {
    try {
      this.document = applyOperation(this.document, operation);
    } catch (error) {
      throw new CompileError(`${where}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.operations.push(operation);
  }

  #containers(name: string | undefined, where: string): ContainerAt[] {
    const podSpec = podSpecPath(this.document);
    if (!podSpec) {
      throw new CompileError(`${where}: the object has no pod template`);
    }
    const all = containersOf(this.document, podSpec);
    const chosen = name === undefined ? all : all.filter((entry) => entry.container.name === name);
    if (chosen.length === 0) {
      const names = all.map((entry) => String(entry.container.name)).join(', ') || 'none';
      throw new CompileError(`${where}.container: no container named ${JSON.stringify(name)} (containers: ${names})`);
    }
    return chosen;
  }

  #image(change: ImageChange, where: string): void {
    for (const { path, container } of this.#containers(change.container, where)) {
      const image = container.image;
      const reference = typeof image === 'string' ? parseImage(image) : undefined;
      if (!reference) {
        throw new CompileError(`${where}: container ${String(container.name)}'s image ${JSON.stringify(image)} is not an image reference`);
      }
      const next = formatImage(withParts(reference, change));
      if (next !== image) {
        this.#apply({ op: 'replace', path: [...path, 'image'], value: next }, where);
      }
    }
  }

  #env(change: EnvChange, where: string): void {
    for (const { path, container } of this.#containers(change.container, where)) {
      const envPath = [...path, 'env'];
      const find = (name: string) => {
        const list = getPath(this.document, envPath);
        return Array.isArray(list) ? list.findIndex((entry) => isJsonObject(entry) && entry.name === name) : -1;
      };
      for (const name of change.remove) {
        const index = find(name);
        if (index < 0) {
          throw new CompileError(`${where}.remove: container ${String(container.name)} has no env var ${name}`);
        }
        this.#apply({ op: 'remove', path: [...envPath, String(index)] }, where);
      }
      for (const [operation, values] of [['replace', change.replace], ['add', change.add]] as const) {
        for (const [name, value] of Object.entries(values)) {
          const index = find(name);
          if (index < 0 && operation === 'replace') {
            throw new CompileError(`${where}.replace: container ${String(container.name)} has no env var ${name}`);
          }
          if (index >= 0) {
            this.#apply({ op: 'replace', path: [...envPath, String(index)], value: { name, value } }, where);
          } else {
            this.#append(envPath, { name, value }, where);
          }
        }
      }
    }
  }

  #args(change: ArgsChange, where: string): void {
    for (const { path, container } of this.#containers(change.container, where)) {
      const argsPath = [...path, 'args'];
      if (change.replace) {
        this.#apply({ op: 'add', path: argsPath, value: change.replace }, where);
        continue;
      }
      for (const value of change.remove) {
        const list = getPath(this.document, argsPath);
        const index = Array.isArray(list) ? list.indexOf(value) : -1;
        if (index < 0) {
          throw new CompileError(`${where}.remove: container ${String(container.name)} has no argument ${JSON.stringify(value)}`);
        }
        this.#apply({ op: 'remove', path: [...argsPath, String(index)] }, where);
      }
      change.add.forEach((value) => this.#append(argsPath, value, where));
    }
  }

  #metadata(change: MapChange | undefined, mapPath: Pointer, where: string): void {
    if (!change) {
      return;
    }
    const has = (key: string) => {
      const map = getPath(this.document, mapPath);
      return map !== null && typeof map === 'object' && Object.hasOwn(map, key);
    };
    for (const key of change.remove) {
      if (!has(key)) {
        throw new CompileError(`${where}.remove: ${key} is not set`);
      }
      this.#apply({ op: 'remove', path: [...mapPath, key] }, where);
    }
    for (const [key, value] of Object.entries(change.replace)) {
      if (!has(key)) {
        throw new CompileError(`${where}.replace: ${key} is not set`);
      }
      this.#apply({ op: 'replace', path: [...mapPath, key], value }, where);
    }
    const added = Object.entries(change.add);
    if (added.length > 0) {
      this.#ensure(mapPath, where);
      added.forEach(([key, value]) => this.#apply({ op: 'add', path: [...mapPath, key], value }, where));
    }
  }

  /** append adds a value at the end of a list, creating the list (and missing parents) when there is none. */
  #append(listPath: Pointer, value: unknown, where: string): void {
    if (Array.isArray(getPath(this.document, listPath))) {
      this.#apply({ op: 'add', path: [...listPath, '-'], value }, where);
    } else {
      this.#create(listPath, [value], where);
    }
  }

  /** ensure makes an empty map at path when there is none (and its missing parents). */
  #ensure(path: Pointer, where: string): void {
    if (getPath(this.document, path) === undefined) {
      this.#create(path, {}, where);
    }
  }

  /** create adds value at path with one operation on the deepest parent that exists. */
  #create(path: Pointer, value: unknown, where: string): void {
    let depth = path.length;
    let nested = value;
    while (depth > 1 && getPath(this.document, path.slice(0, depth - 1)) === undefined) {
      nested = { [path[depth - 1] as string]: nested };
      depth -= 1;
    }
    this.#apply({ op: 'add', path: path.slice(0, depth), value: nested }, where);
  }
}
