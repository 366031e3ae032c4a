/** What the demo organization runs: Desktop releases, operating systems, images and extensions. */

/** Releases with the day (counted back from the data's as-of day) they came out: adoption waves. */
export const RELEASES: readonly (readonly [string, number])[] = [
  ['4.46.0', 240],
  ['4.47.0', 205],
  ['4.48.0', 170],
  ['4.49.0', 135],
  ['4.50.0', 100],
  ['4.51.0', 66],
  ['4.52.0', 33],
  ['4.53.0', 6],
];
/** Versions some members never upgrade from. */
export const STUCK_VERSIONS = ['4.44.3', '4.41.2', '4.37.1'] as const;
/** Desktop 4.16 and older sends no Insights data. */
export const SILENT_VERSIONS = ['4.15.0', '4.16.3'] as const;
export const VERSIONS: readonly string[] = [
  ...RELEASES.map(([name]) => name),
  ...STUCK_VERSIONS,
  ...SILENT_VERSIONS,
];
export const STUCK_BASE = RELEASES.length;
export const SILENT_BASE = RELEASES.length + STUCK_VERSIONS.length;

export const OSES = ['macOS', 'Windows', 'Linux'] as const;
export const OS_WEIGHTS = [55, 30, 15] as const;

/** Interface masks: bit 0 = CLI, bit 1 = GUI. */
export const INTERFACES = ['cli', 'gui'] as const;
export const INTERFACE_MASKS = [1, 2, 3] as const;
export const INTERFACE_WEIGHTS = [35, 15, 50] as const;

/** Docker Hub images with their share of the org's pulls. */
export const IMAGES: readonly (readonly [string, number])[] = [
  ['library/nginx', 18],
  ['library/postgres', 14],
  ['library/node', 12.5],
  ['library/python', 11],
  ['library/redis', 9],
  ['acme/api', 7.5],
  ['library/alpine', 6],
  ['acme/web', 4.8],
  ['library/golang', 3.8],
  ['library/ubuntu', 3],
  ['grafana/grafana', 2.2],
  ['bitnami/kafka', 1.7],
  ['library/mysql', 1.3],
  ['localstack/localstack', 1],
  ['acme/worker', 0.8],
  ['library/busybox', 0.6],
];
/** Images the org pushes, with their share of pushes. */
export const PUSHED_IMAGES: readonly (readonly [string, number])[] = [
  ['acme/api', 5],
  ['acme/web', 3],
  ['acme/worker', 1.5],
];

/** Extensions with the share of members who installed them. */
export const EXTENSIONS: readonly (readonly [string, number])[] = [
  ['Disk usage', 0.17],
  ['Resource usage', 0.13],
  ['Logs Explorer', 0.11],
  ['Portainer', 0.07],
  ['Snyk', 0.05],
  ['Docker Scout', 0.045],
  ['Tailscale', 0.03],
];
