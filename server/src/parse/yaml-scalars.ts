import type { Node } from './tree';

/**
 * What a plain (unquoted, untagged) YAML scalar stands for, as CloudFormation reads it: YAML 1.1 implicit typing,
 * as PyYAML and SnakeYAML resolve it, not the YAML 1.2 core schema that the `yaml` package applies by default.
 *
 * CloudFormation "supports the YAML Version 1.1 specification with a few exceptions"
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html), and cfn-lint reads
 * templates with PyYAML's SafeLoader (`cfnlint.decode.cfn_yaml`); the regular expressions below are PyYAML 6's
 * implicit resolvers (`yaml/resolver.py`). Where the two readings differ, CloudFormation's is taken:
 * - `yes`/`no`/`on`/`off` (any of three casings) are booleans; in YAML 1.2 they are strings.
 * - `0755` is the octal number 493 and `0x1F`, `0b101`, `1_000` and `1:30` (sexagesimal, 90) are numbers; in
 *   YAML 1.2 `0755` is 755, `0b101`, `1_000` and `1:30` are strings. A leading zero with an 8 or 9
 *   (`012345678901`, an account id) matches none of them: a string, as in PyYAML.
 * - A float needs a dot, and an exponent a sign (`1.0e+3`): `1e3` and `1.0e3` are strings; in YAML 1.2 numbers.
 * - A date or timestamp (`2012-10-17`) stays the text written: CloudFormation passes it on as that string.
 * Every number and boolean keeps its source text (`raw`), which is what IAM reads.
 */
export function plainScalar(raw: string, start: number, end: number): Node {
  if (raw === '' || raw === '~' || raw === 'null' || raw === 'Null' || raw === 'NULL') return { type: 'null', raw, style: 'plain', start, end };
  const bool = BOOLEANS.get(raw);
  if (bool !== undefined) return { type: 'boolean', value: bool, raw, style: 'plain', start, end };
  const c = raw.charCodeAt(0);
  // Only these can start a number: `-+.0-9` (as PyYAML's resolvers are keyed by first character).
  if (!(c === 45 || c === 43 || c === 46 || (c >= 48 && c <= 57))) return { type: 'string', value: raw, style: 'plain', start, end };
  if (FLOAT.test(raw)) return { type: 'number', value: yamlFloat(raw), raw, style: 'plain', start, end };
  if (INT.test(raw)) return { type: 'number', value: yamlInt(raw), raw, style: 'plain', start, end };
  return { type: 'string', value: raw, style: 'plain', start, end };
}

const BOOLEANS = new Map<string, boolean>([
  ...['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((s) => [s, true] as const),
  ...['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((s) => [s, false] as const),
]);

const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;

/** PyYAML's `construct_yaml_int`. */
function yamlInt(raw: string): number {
  let v = raw.replace(/_/g, '');
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '0') return 0;
  if (v.startsWith('0b')) return sign * parseInt(v.slice(2), 2);
  if (v.startsWith('0x')) return sign * parseInt(v.slice(2), 16);
  if (v[0] === '0') return sign * parseInt(v, 8);
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number(v);
}

/** PyYAML's `construct_yaml_float`. */
function yamlFloat(raw: string): number {
  let v = raw.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (v[0] === '-') sign = -1;
  if (v[0] === '-' || v[0] === '+') v = v.slice(1);
  if (v === '.inf') return sign * Infinity;
  if (v === '.nan') return NaN;
  if (v.includes(':')) return sign * sexagesimal(v);
  return sign * Number(v);
}

function sexagesimal(v: string): number {
  let value = 0;
  for (const part of v.split(':')) value = value * 60 + Number(part);
  return value;
}
