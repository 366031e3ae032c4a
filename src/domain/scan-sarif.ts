/** `docker scout cves --format sarif`: SARIF 2.1.0, one run per image (docker-apis.md §12). */
import { z } from 'zod';
import {
  fixedVersion,
  invalidScan,
  loose,
  Merged,
  messageField,
  packageOfPurl,
  type ScanParse,
  type ScanSeverity,
  scanSeverity,
  severityOfScore,
} from './scan-result.js';

const SarifRule = z.object({
  id: z.string().min(1),
  shortDescription: loose(z.object({ text: loose(z.string()) })),
  properties: loose(
    z.object({
      cvssV3_severity: loose(z.string()),
      'security-severity': loose(z.union([z.string(), z.number()])),
      fixed_version: loose(z.string()),
      purls: loose(z.array(z.string())),
      purl: loose(z.string()),
      tags: loose(z.array(z.string())),
    }),
  ),
});

const SarifResult = z.object({
  ruleId: z.string().min(1).optional(),
  ruleIndex: z.number().int().min(0).optional(),
  level: loose(z.string()),
  message: loose(z.object({ text: loose(z.string()) })),
  locations: loose(
    z.array(
      z.object({
        physicalLocation: loose(z.object({ artifactLocation: loose(z.object({ uri: loose(z.string()) })) })),
      }),
    ),
  ),
});

const Sarif = z.object({
  version: loose(z.string()),
  runs: z
    .array(
      z.object({
        tool: z.object({
          driver: z.object({
            name: z.string(),
            version: loose(z.string()),
            rules: z
              .array(SarifRule)
              .nullish()
              .transform((v) => v ?? []),
          }),
        }),
        // Required: SARIF leaves `results` out when the tool did not run. Go encoders (the Scout CLI is Go)
        // write an empty list as null, so null means "no results".
        results: z
          .array(SarifResult)
          .nullable()
          .transform((v) => v ?? []),
        invocations: loose(z.array(z.object({ executionSuccessful: loose(z.boolean()) }))),
      }),
    )
    .min(1, 'no run: expected one run per image'),
});

/** SARIF `level`, the last resort [INF]: Scout sets the severity on the rule. */
const LEVELS: Record<string, ScanSeverity> = { error: 'high', warning: 'medium', note: 'low' };

export function parseSarif(value: unknown): ScanParse {
  const parsed = Sarif.safeParse(value);
  if (!parsed.success) return invalidScan('SARIF file', parsed.error);
  const merged = new Merged();
  for (const [r, run] of parsed.data.runs.entries()) {
    if (run.invocations?.some((i) => i.executionSuccessful === false)) {
      return { ok: false, reason: `runs.${r}: the scan did not complete (executionSuccessful false)` };
    }
    const rules = run.tool.driver.rules;
    const byId = new Map(rules.map((rule) => [rule.id, rule]));
    for (const [i, result] of run.results.entries()) {
      const rule =
        (result.ruleId !== undefined ? byId.get(result.ruleId) : undefined) ??
        (result.ruleIndex !== undefined ? rules[result.ruleIndex] : undefined);
      const id = result.ruleId ?? rule?.id;
      if (!id) return { ok: false, reason: `runs.${r}.results.${i}: no ruleId` };
      const props = rule?.properties;
      const score = Number(props?.['security-severity']);
      const message = result.message?.text ?? '';
      // The message is per result, so its package and fixed version beat the rule's, which describe one
      // package of possibly several (§12; [INF] from public parsers of Scout's SARIF).
      const purl = /pkg:\S+/.exec(message)?.[0] ?? props?.purls?.[0] ?? props?.purl;
      const uri = result.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
      const pkg = purl ? packageOfPurl(purl) : uri ? { name: uri } : undefined;
      const fixed = messageField(message, 'Fixed version') ?? props?.fixed_version;
      merged.add({
        id,
        severity:
          scanSeverity(props?.cvssV3_severity) ??
          props?.tags?.map(scanSeverity).find((s) => s !== undefined) ??
          severityOfScore(Number.isFinite(score) ? score : undefined) ??
          LEVELS[result.level ?? ''] ??
          'unspecified',
        score: Number.isFinite(score) ? score : undefined,
        title: rule?.shortDescription?.text,
        packages: pkg ? [{ ...pkg, fixedVersion: fixedVersion(fixed) }] : [],
      });
    }
  }
  const driver = parsed.data.runs[0]?.tool.driver;
  return { ok: true, scan: merged.result('sarif', driver?.name, driver?.version) };
}
