/** A path of API names only, and a `.` or `..` segment in one. */
const plainPath = /^\/[A-Za-z0-9\-._~/:]*$/;
const dotSegment = /\/\.\.?(\/|$)/;

/**
 * requestUrl is server + path + query. kubefed's paths are built from API names (nothing to escape, no
 * dot segments): such a path is joined as it is, which costs a fraction of parsing a URL, once per
 * request. Any other path is parsed and normalised by URL.
 */
export function requestUrl(server: string, path: string, query: Record<string, string | number | boolean | undefined> = {}): string {
  const plain = plainPath.test(path) && !dotSegment.test(path);
  const url = plain ? undefined : new URL(server + path);
  const params = url?.searchParams ?? new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      params.set(name, String(value));
    }
  }
  if (url !== undefined) {
    return url.toString();
  }
  return params.size > 0 ? `${server}${path}?${params.toString()}` : `${server}${path}`;
}
