/**
 * `docker scout cves` results a CI job posts (docker-apis.md §7.3): `--format sarif` (SARIF 2.1.0, shape in
 * §12) or `--format gitlab` (GitLab's container-scanning report). Pure: text in, vulnerabilities out.
 * Only the fields used are validated; unknown fields are ignored and cosmetic ones may be missing.
 */
import { parseGitlab } from './scan-gitlab.js';
import type { ScanParse } from './scan-result.js';
import { parseSarif } from './scan-sarif.js';

export { normalizeImageRef } from './image-ref.js';
export { parseGitlab } from './scan-gitlab.js';
export {
  packageOfPurl,
  SCAN_SEVERITIES,
  type ScanPackage,
  type ScanParse,
  type ScanResult,
  type ScanSeverity,
  type ScanVulnerability,
  scanSeverity,
} from './scan-result.js';
export { parseSarif } from './scan-sarif.js';

/** Reads a body posted by CI: JSON, then SARIF or GitLab by its top-level keys. */
export function parseScanResult(body: string): ScanParse {
  const text = body.replace(/^\uFEFF/, '');
  if (text.trim() === '') return { ok: false, reason: 'empty body' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the body: say what happened without it.
    return { ok: false, reason: 'body is not valid JSON (truncated upload?)' };
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    if ('runs' in value) return parseSarif(value);
    if ('vulnerabilities' in value) return parseGitlab(value);
  }
  return {
    ok: false,
    reason: 'unknown format: expected the output of `docker scout cves --format sarif` or `--format gitlab`',
  };
}
