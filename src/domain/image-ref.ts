/** Image references as CI names them (`acme/api:1.4`, `docker.io/library/nginx`), in one canonical form. */
const SCHEMES = /^(?:image|registry|local):\/\//;
const DOMAIN =
  /^(?:localhost|[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*)(?::\d{1,5})?$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z][a-z0-9]*(?:[-_+.][a-z][a-z0-9]*)*:[0-9a-f]{32,}$/i;
const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/**
 * An image reference (`acme/api:1.4`, `docker.io/acme/api:1.4`, `ghcr.io/acme/api@sha256:…`) in one spelling,
 * so the same image posted two ways is one image: Docker Hub's domain and `library/` dropped, `:latest` when
 * there is neither tag nor digest, and the CLI's `image://`/`registry://` prefixes removed. Undefined when it
 * is not a reference (distribution's grammar).
 */
export function normalizeImageRef(text: string): string | undefined {
  let rest = text.trim().replace(SCHEMES, '');
  if (rest.length === 0 || rest.length > 512) return undefined;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  const first = parts[0] ?? '';
  let domain: string | undefined;
  if (
    parts.length > 1 &&
    (first.includes('.') || first.includes(':') || first.toLowerCase() === 'localhost')
  ) {
    domain = first.toLowerCase();
    parts.shift();
    if (!DOMAIN.test(domain)) return undefined;
  }
  if (parts.length === 0 || !parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  if (domain && DOCKER_HUB.has(domain)) domain = undefined;
  if (!domain && parts.length === 2 && parts[0] === 'library') parts.shift();
  const name = `${domain ? `${domain}/` : ''}${parts.join('/')}`;
  if (name.length > 255) return undefined;
  if (!tag && !digest) tag = 'latest';
  return `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest.toLowerCase()}` : ''}`;
}
