// The Kubernetes label syntax (k8s.io/apimachinery/pkg/util/validation), which v1's selector enforced.
const qualifiedNamePattern = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const subdomainPattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelValuePattern = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const nameMaxLength = 63;
const subdomainMaxLength = 253;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** Why `key` is not a valid label key (`[prefix/]name`), or undefined when it is. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) {
    return 'must be a name with at most one "/" (an optional DNS subdomain prefix)';
  }
  const name = parts.length === 2 ? (parts[1] ?? '') : key;
  if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    if (prefix === '') {
      return 'prefix part must be non-empty';
    }
    if (prefix.length > subdomainMaxLength) {
      return `prefix part must be no more than ${subdomainMaxLength} characters`;
    }
    if (!subdomainPattern.test(prefix)) {
      return 'prefix part must be a lowercase RFC 1123 subdomain (e.g. "example.com")';
    }
  }
  if (name === '') {
    return 'name part must be non-empty';
  }
  if (name.length > nameMaxLength) {
    return `name part must be no more than ${nameMaxLength} characters`;
  }
  if (!qualifiedNamePattern.test(name)) {
    return 'name part must be alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  }
  return undefined;
}

/** Why `value` is not a valid label value (empty is valid), or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > nameMaxLength) {
    return `must be no more than ${nameMaxLength} characters`;
  }
  if (!labelValuePattern.test(value)) {
    return 'must be empty or alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric';
  }
  return undefined;
}

/** `text` as Go's `strconv.ParseInt(text, 10, 64)` reads it, or undefined where Go returns an error. */
export function parseInt64(text: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) {
    return undefined;
  }
  const value = BigInt(text);
  return value < int64Min || value > int64Max ? undefined : value;
}
