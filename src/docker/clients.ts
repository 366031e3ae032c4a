import { createEnterpriseDataClient, type EnterpriseDataClient } from './enterprise-data/client.js';
import type { HttpOptions } from './http.js';
import { createHubClient, type HubClient } from './hub/client.js';

export interface DockerClients {
  hub: HubClient;
  enterpriseData: EnterpriseDataClient;
}

/** The Docker API clients for a configured organization; null without a token (imports only). */
/** The Docker settings (src/config.ts `docker`): the organization, its token, and the API base URLs. */
export interface DockerSettings {
  org: string;
  token?: string;
  username?: string;
  hubUrl: string;
  apiUrl: string;
}

export function createDockerClients(docker: DockerSettings | null, http?: HttpOptions): DockerClients | null {
  if (!docker?.token) return null;
  const hub = createHubClient({
    baseUrl: docker.hubUrl,
    org: docker.org,
    username: docker.username,
    token: docker.token,
    http,
  });
  // The Enterprise Data API takes the same exchanged JWT as the Hub API (docker-apis.md §2.2).
  const enterpriseData = createEnterpriseDataClient({
    baseUrl: docker.apiUrl,
    org: docker.org,
    bearer: hub.bearer,
    http,
  });
  return { hub, enterpriseData };
}
