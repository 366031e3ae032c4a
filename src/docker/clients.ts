import { createEnterpriseDataClient, type EnterpriseDataClient } from './enterprise-data/client.js';
import type { HttpOptions } from './http.js';
import type { BearerSource } from './hub/auth.js';
import { createHubClient, type HubClient } from './hub/client.js';

export interface DockerClients {
  hub: HubClient;
  enterpriseData: EnterpriseDataClient;
}

/**
 * The Docker settings (src/config.ts `docker`, null when DOCKER_ORG is not set: the demo organization is
 * used): the organization, its token, and the API base URLs.
 */
export interface DockerSettings {
  org: string;
  /** PAT or OAT; without it only imports feed the organization's data. */
  token?: string;
  username?: string;
  hubUrl: string;
  apiUrl: string;
}

/** The Docker API clients for a configured organization; null without a token (imports only). */
export function createDockerClients(docker: DockerSettings | null, http?: HttpOptions): DockerClients | null {
  if (!docker?.token) return null;
  const hub = createHubClient({
    baseUrl: docker.hubUrl,
    org: docker.org,
    username: docker.username,
    token: docker.token,
    http,
  });
  const enterpriseData = createEnterpriseDataClient({
    baseUrl: docker.apiUrl,
    org: docker.org,
    bearer: enterpriseBearer(hub.bearer, docker.token),
    http,
  });
  return { hub, enterpriseData };
}

/**
 * The Enterprise Data API's bearer. Docker's documents disagree (docker-apis.md §2.2): the current guide
 * exchanges the OAT for a JWT (the Hub client's bearer), the API's own spec takes the OAT itself. The JWT
 * first; when it is refused, the token itself, kept while it works. Once the token itself was refused,
 * a refused JWT gets a fresh JWT instead (an expired one, on a server that wants JWTs).
 */
export function enterpriseBearer(jwt: BearerSource, token: string): BearerSource {
  let raw = false;
  let rawRefused = false;
  return async ({ rejected } = {}) => {
    if (rejected === token) {
      raw = false;
      rawRefused = true;
    } else if (rejected !== undefined) {
      if (!rawRefused) raw = true;
      else return jwt({ rejected });
    }
    return raw ? token : jwt();
  };
}
