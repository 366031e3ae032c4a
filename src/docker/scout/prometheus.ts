/**
 * The Prometheus text exposition format (0.0.4), and the OpenMetrics text the same parser accepts: what
 * Docker Scout's metrics exporter answers (docker-apis.md §7.1). Lenient like a scraper: a line it cannot
 * read is reported in `issues` and skipped, so one odd line does not lose the rest of the scrape.
 */

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  /** NaN and ±Infinity are kept as such. */
  value: number;
  /** As written: milliseconds since the epoch in Prometheus text, seconds in OpenMetrics. */
  timestamp?: number;
}

export interface PromIssue {
  /** 1-based line number. */
  line: number;
  reason: string;
}

export interface PromExposition {
  samples: PromSample[];
  /** `# TYPE name gauge` → name → `gauge`. */
  types: Map<string, string>;
  /** `# HELP name text`, unescaped. */
  help: Map<string, string>;
  issues: PromIssue[];
}

const METRIC_NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const TIMESTAMP = /^-?\d+(?:\.\d+)?$/;
const META = /^#\s+(HELP|TYPE|UNIT)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\s+(.*))?$/;

class LineError extends Error {}

export function parsePrometheusText(text: string): PromExposition {
  const out: PromExposition = { samples: [], types: new Map(), help: new Map(), issues: [] };
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    // OpenMetrics ends with `# EOF`; nothing after it counts.
    if (line === '# EOF') break;
    if (line.startsWith('#')) {
      const meta = META.exec(line);
      if (meta?.[1] === 'HELP') out.help.set(meta[2] ?? '', unescapeHelp(meta[3] ?? ''));
      if (meta?.[1] === 'TYPE') out.types.set(meta[2] ?? '', (meta[3] ?? '').trim().toLowerCase());
      continue; // any other `#` line is a comment
    }
    try {
      out.samples.push(parseSample(line));
    } catch (err) {
      if (!(err instanceof LineError)) throw err;
      out.issues.push({ line: index + 1, reason: err.message });
    }
  }
  return out;
}

/** `name{label="value",…} value [timestamp] [# exemplar]`. */
function parseSample(line: string): PromSample {
  let pos = 0;
  const skipBlanks = () => {
    while (line[pos] === ' ' || line[pos] === '\t') pos++;
  };
  const match = (re: RegExp): string | undefined => {
    re.lastIndex = pos;
    const m = re.exec(line);
    if (!m) return undefined;
    pos = re.lastIndex;
    return m[0];
  };

  const name = match(METRIC_NAME);
  if (!name) throw new LineError('not a metric name');
  const labels: Record<string, string> = {};
  skipBlanks();
  if (line[pos] === '{') {
    pos++;
    for (;;) {
      skipBlanks();
      if (line[pos] === '}') break;
      const label = match(LABEL_NAME);
      if (!label) throw new LineError(`bad label name in ${name}`);
      skipBlanks();
      if (line[pos] !== '=') throw new LineError(`expected = after label ${label}`);
      pos++;
      skipBlanks();
      if (line[pos] !== '"') throw new LineError(`expected a quoted value for label ${label}`);
      const [value, end] = readQuoted(line, pos + 1);
      labels[label] = value;
      pos = end;
      skipBlanks();
      if (line[pos] === ',') {
        pos++;
        continue;
      }
      if (line[pos] !== '}') throw new LineError(`expected , or } after label ${label}`);
      break;
    }
    pos++; // the closing brace
  }
  const rest = line
    .slice(pos)
    .trim()
    .split(/[ \t]+/);
  // An OpenMetrics exemplar (`# {trace_id="…"} 1`) follows the value or timestamp: not needed here.
  const hash = rest.indexOf('#');
  const tokens = hash === -1 ? rest : rest.slice(0, hash);
  const [valueText, timestampText, ...extra] = tokens;
  if (!valueText) throw new LineError(`no value for ${name}`);
  if (extra.length > 0) throw new LineError(`unexpected text after the value of ${name}`);
  const value = parseValue(valueText);
  if (value === undefined) throw new LineError(`"${valueText.slice(0, 40)}" is not a number (${name})`);
  const sample: PromSample = { name, labels, value };
  if (timestampText !== undefined) {
    if (!TIMESTAMP.test(timestampText)) throw new LineError(`bad timestamp for ${name}`);
    sample.timestamp = Number(timestampText);
  }
  return sample;
}

/** A label value from just after its opening quote: `\\`, `\"` and `\n` are the escapes. */
function readQuoted(line: string, start: number): [string, number] {
  let value = '';
  for (let i = start; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') return [value, i + 1];
    if (ch === '\\') {
      const next = line[i + 1];
      if (next === undefined) break;
      // Unknown escapes keep their backslash, as Prometheus' own parser does.
      value += next === 'n' ? '\n' : next === '\\' || next === '"' ? next : `\\${next}`;
      i++;
    } else {
      value += ch;
    }
  }
  throw new LineError('unterminated label value');
}

function parseValue(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (/^[+]?inf(inity)?$/.test(lower)) return Number.POSITIVE_INFINITY;
  if (/^-inf(inity)?$/.test(lower)) return Number.NEGATIVE_INFINITY;
  return FLOAT.test(text) ? Number(text) : undefined;
}

function unescapeHelp(text: string): string {
  return text.replace(/\\(n|\\)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}
