/** `docker scout cves --format gitlab`: GitLab's container-scanning report (CLI v1.9.1+). */
import { z } from 'zod';
import { invalidScan, loose, Merged, type ScanParse, scanSeverity } from './scan-result.js';

const GitlabVulnerability = z.object({
  id: loose(z.string()),
  name: loose(z.string()),
  description: loose(z.string()),
  message: loose(z.string()),
  cve: loose(z.string()),
  severity: z.string(),
  solution: loose(z.string()),
  identifiers: z
    .array(z.object({ type: z.string(), name: loose(z.string()), value: z.string() }))
    .default([]),
  location: loose(
    z.object({
      image: loose(z.string()),
      dependency: loose(
        z.object({ package: loose(z.object({ name: loose(z.string()) })), version: loose(z.string()) }),
      ),
    }),
  ),
});

const Gitlab = z.object({
  version: z.string(),
  vulnerabilities: z
    .array(GitlabVulnerability)
    .nullable()
    .transform((v) => v ?? []),
  scan: loose(
    z.object({
      scanner: loose(z.object({ name: loose(z.string()), version: loose(z.string()) })),
      status: loose(z.string()),
    }),
  ),
});

export function parseGitlab(value: unknown): ScanParse {
  const parsed = Gitlab.safeParse(value);
  if (!parsed.success) return invalidScan('GitLab container-scanning report', parsed.error);
  const { vulnerabilities, scan } = parsed.data;
  if (scan?.status && scan.status.toLowerCase() !== 'success') {
    return { ok: false, reason: `the scan did not complete (scan.status ${scan.status.slice(0, 40)})` };
  }
  const merged = new Merged();
  for (const [i, v] of vulnerabilities.entries()) {
    const severity = scanSeverity(v.severity);
    if (!severity) return { ok: false, reason: `vulnerabilities.${i}.severity: unknown severity` };
    const cve = v.identifiers.find((x) => x.type.toLowerCase() === 'cve');
    const id = cve?.value ?? v.identifiers[0]?.value ?? v.cve ?? v.name ?? v.id;
    if (!id) return { ok: false, reason: `vulnerabilities.${i}: no identifier` };
    const dependency = v.location?.dependency;
    const name = dependency?.package?.name;
    merged.add({
      id,
      severity,
      title: v.name && v.name !== id ? v.name : (v.message ?? v.description),
      solution: v.solution,
      packages: name ? [{ name, version: dependency?.version }] : [],
    });
  }
  return { ok: true, scan: merged.result('gitlab', scan?.scanner?.name, scan?.scanner?.version) };
}
