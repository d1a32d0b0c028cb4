/**
 * A container image reference split the way Karmada's image overrider names its parts:
 * registry/repository:tag@digest, e.g. "registry.example:5000/team/web:1.2". Docker Hub images
 * ("nginx", "library/nginx:1") have no registry part.
 */
export interface ImageReference {
  registry?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/** ImageChange is what an override sets in a reference; tag replaces a digest too. */
export interface ImageParts {
  registry?: string;
  repository?: string;
  tag?: string;
}

// A registry must look like a host (a dot, a port, or localhost), or it would read back as part of the repository.
const registryPattern = /^(localhost(:[0-9]+)?|[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+(:[0-9]+)?|[a-zA-Z0-9-]+:[0-9]+)$/;
const repositoryPattern = /^[a-z0-9]+([._-]+[a-z0-9]+)*(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const digestPattern = /^[a-z0-9]+([+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/** The problems with each part an override may set, or undefined when it is valid. */
export const partProblems = {
  registry: (value: string) => (value === '' || registryPattern.test(value) ? undefined : 'must be a host name with an optional port (e.g. "registry.example:5000"), or "" for none'),
  repository: (value: string) => (repositoryPattern.test(value) ? undefined : 'must be lower-case path components separated by "/" (e.g. "team/web")'),
  tag: (value: string) => (tagPattern.test(value) ? undefined : 'must be 1 to 128 letters, digits, "_", "." or "-", not starting with "." or "-"'),
} as const;

/** parseImage splits a reference, or returns undefined when it is not one. */
export function parseImage(text: string): ImageReference | undefined {
  const at = text.indexOf('@');
  const digest = at < 0 ? undefined : text.slice(at + 1);
  const named = at < 0 ? text : text.slice(0, at);
  const slash = named.indexOf('/');
  const first = slash < 0 ? undefined : named.slice(0, slash);
  // As the Docker reference grammar: the first part is a registry when it looks like a host.
  const registry = first !== undefined && (first === 'localhost' || first.includes('.') || first.includes(':')) ? first : undefined;
  const path = registry === undefined ? named : named.slice(slash + 1);
  const colon = path.lastIndexOf(':');
  const tag = colon < 0 ? undefined : path.slice(colon + 1);
  const repository = colon < 0 ? path : path.slice(0, colon);
  const valid =
    repositoryPattern.test(repository) &&
    (registry === undefined || registryPattern.test(registry)) &&
    (tag === undefined || tagPattern.test(tag)) &&
    (digest === undefined || digestPattern.test(digest));
  return valid ? { repository, ...(registry === undefined ? {} : { registry }), ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) } : undefined;
}

/** formatImage writes a reference back. */
export function formatImage(reference: ImageReference): string {
  const registry = reference.registry ? `${reference.registry}/` : '';
  const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
  const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
  return `${registry}${reference.repository}${tag}${digest}`;
}

/** withParts sets the given parts; a new tag drops the digest (it would pin the old image), registry "" removes it. */
export function withParts(reference: ImageReference, parts: ImageParts): ImageReference {
  const { registry, digest, ...rest } = reference;
  const nextRegistry = parts.registry === undefined ? registry : parts.registry || undefined;
  const nextDigest = parts.tag === undefined ? digest : undefined;
  return {
    ...rest,
    ...(parts.repository === undefined ? {} : { repository: parts.repository }),
    ...(parts.tag === undefined ? {} : { tag: parts.tag }),
    ...(nextRegistry === undefined ? {} : { registry: nextRegistry }),
    ...(nextDigest === undefined ? {} : { digest: nextDigest }),
  };
}
