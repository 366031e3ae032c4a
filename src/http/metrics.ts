import type { Logger } from '../logger.js';
import { createHttpServer, listen, type Route } from './server.js';

/**
 * `GET /metrics` in Prometheus text format, served only on the METRICS_PORT listener (src/main.ts), never
 * on the Slack port. `scrape` is src/metrics/registry.ts's.
 */
export function metricsRoute(deps: { scrape: () => Promise<{ contentType: string; text: string }> }): Route {
  return {
    method: 'GET',
    path: '/metrics',
    async handler(_req, res) {
      const { contentType, text } = await deps.scrape();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(text) });
      res.end(text);
    },
  };
}

/** The `/metrics` listener on its own port: nothing else is served there (404). */
export async function listenMetrics(
  deps: Parameters<typeof metricsRoute>[0],
  port: number,
  host: string,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createHttpServer([metricsRoute(deps)], logger.child({ subsystem: 'metrics' }));
  const bound = await listen(server, port, host);
  logger.info({ metricsPort: bound }, 'metrics listening');
  return {
    port: bound,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
