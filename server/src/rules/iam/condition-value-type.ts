import { defineRule, keyRange, type Fix, type Range, type RuleContext } from '../../engine/rule';
import { catalog, type ConditionKeyBaseType, type ConditionKeyRecord } from '../../iam/catalog';
import { formatCidr, isPrivateRange, networkOf, type Cidr } from '../../iam/cidr';
import { parseConditionOperator as knownOperator } from '../../iam/condition-operators';
import { parseCidr, parseConditionOperator, parseDate } from '../../iam/evaluator';
import { alternatives } from '../../model/policy';
import { elementStrings, isResolved, type StringValue } from '../../model/values';
import { child, type Node, type ObjectNode, type Property } from '../../parse/tree';

const OPERATORS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html';

type Parsed = NonNullable<ReturnType<typeof parseConditionOperator>>;
type Family = Parsed['operator']['family'];

export default defineRule({
  meta: {
    id: 'iam/condition-value-type',
    scope: 'policy',
    severity: 'warning',
    summary: 'A condition value that does not fit its operator or its key type',
    description:
      'Each condition operator reads its values as one type: `Bool` and `Null` take `true`/`false`, the `Numeric…` ' +
      'operators numbers, the `Date…` operators ISO 8601 dates or epoch seconds, `IpAddress`/`NotIpAddress` IPv4 or ' +
      'IPv6 addresses and CIDR ranges, the `Arn…` operators ARNs, `BinaryEquals` base64. IAM accepts a value of ' +
      'another shape and then compares it to nothing: `"Bool": {"aws:SecureTransport": "yes"}` never matches, so an ' +
      'Allow never applies and a Deny never protects. The operator family must also fit the key: a String operator ' +
      'on `aws:SecureTransport` or `aws:CurrentTime` compares text, not booleans or dates.\n\n' +
      'It also reports `aws:SourceIp` values that are private addresses (the key holds the public address a request ' +
      'comes from, so they never match: use `aws:VpcSourceIp`), malformed `aws:SourceVpc`/`aws:SourceVpce` ids, ' +
      '`s3:x-amz-server-side-encryption-aws-kms-key-id` values that are not KMS key ARNs, a `*` in a value of an ' +
      'operator without `Like` (a literal asterisk there), `StringLikeIfExists` with `"*"` (it restricts nothing), ' +
      'CIDR ranges with host bits set, and several values of an ordering operator where ' +
      'only one counts. IAM Access Analyzer reports several of these as errors (private IP addresses, data type ' +
      'mismatches, VPC and KMS formats, invalid IP ranges); this rule reports them all as warnings by default: raise ' +
      'its severity to `error` to match. Values with policy variables or unresolved template parts are not judged.',
    source: OPERATORS_DOC,
    accessAnalyzer: [
      'TYPE_MISMATCH',
      'TYPE_MISMATCH_BOOLEAN',
      'INVALID_CONDITION_MULTIPLE_BOOLEAN',
      'TYPE_MISMATCH_NUMBER',
      'TYPE_MISMATCH_DATE',
      'INVALID_DATE_VALUE',
      'TYPE_MISMATCH_IP_RANGE',
      'IMPROVE_IP_RANGE',
      'PRIVATE_IP_ADDRESS',
      'PRIVATE_NOT_IP_ADDRESS',
      'PRIVATE_IP_ADDRESS_SUBSET',
      'PRIVATE_NOT_IP_ADDRESS_SUBSET',
      'TYPE_MISMATCH_STRING',
      'DATA_TYPE_MISMATCH',
      'INVALID_CONDITION_DATA_TYPE',
      'INVALID_VPC_FORMAT',
      'INVALID_VPCE_FORMAT',
      'INVALID_KMS_KEY_VALUE',
      'WILDCARD_WITHOUT_LIKE_OPERATOR',
      'REDUNDANT_KEY_DUE_TO_WILDCARD_IN_CONDITION',
      'REDUNDANT_CONDITION_VALUE_NUM',
    ],
    fix: 'safe',
    messages: {
      typeMismatch: '{{operator}} is a {{family}} operator, but {{key}} is a {{type}} key: use {{expected}}.',
      notAValue: 'A condition value must be a string, number or boolean, or a list of them: IAM rejects {{what}} here.',
      mixedTypes: 'The values of {{key}} mix JSON types ({{types}}): IAM requires one type per list.',
      notBoolean: '"{{value}}" is not a boolean: {{operator}} takes true or false, and compares anything else to nothing.',
      multipleBooleans: '{{operator}} takes one boolean for {{key}}, not a list: a key is either true or false.',
      notNullValue: '"{{value}}" is not a Null value: Null takes true (the key is absent) or false (it is present).',
      notNumber: '"{{value}}" is not a number: {{operator}} compares it to nothing.',
      notDate: '"{{value}}" is not a date: {{operator}} takes an ISO 8601 date or date-time (2026-01-31, 2026-01-31T12:00:00Z) or epoch seconds.',
      epochMilliseconds: '{{value}} read as epoch seconds is the year {{year}}: this looks like milliseconds. Date operators take epoch seconds or, better, an ISO 8601 date.',
      notIp: '"{{value}}" is not an IP address or CIDR range: {{operator}} takes values like 203.0.113.0/24 or 2001:db8::/32.',
      improveIpRange: 'IAM ignores the bits after /{{prefix}} in "{{value}}": write the range as {{network}}.',
      privateSourceIp:
        '"{{value}}" is a private range: aws:SourceIp holds the public address a request comes from, so this condition never matches. Use aws:VpcSourceIp for addresses inside a VPC.',
      privateNotSourceIp:
        '"{{value}}" is a private range: aws:SourceIp holds the public address a request comes from, so NotIpAddress with only private ranges always matches. Use aws:VpcSourceIp for addresses inside a VPC.',
      privateSourceIpSubset: '"{{value}}" is a private range and has no effect: aws:SourceIp holds public addresses only. Use aws:VpcSourceIp for addresses inside a VPC.',
      notArn: '"{{value}}" is not an ARN: {{operator}} compares ARNs and never matches this value.',
      notBase64: '"{{value}}" is not base64: BinaryEquals takes a base64-encoded value.',
      invalidVpc: '"{{value}}" is not a VPC id: {{key}} takes "vpc-" and 8 or 17 hexadecimal characters.',
      invalidVpce: '"{{value}}" is not a VPC endpoint id: {{key}} takes "vpce-" and 8 or 17 hexadecimal characters.',
      invalidKmsKey: '"{{value}}" is not a KMS key ARN: {{key}} is compared with the key ARN (arn:aws:kms:region:account:key/key-id), never a key id or alias.',
      wildcardWithoutLike: '"{{value}}" contains *, which {{operator}} compares literally: use {{like}} to match a pattern.',
      alwaysMatches: '{{operator}} "*" matches whether {{key}} is present or not (with any value): this key does not restrict anything.',
      redundantValues: '{{operator}} is true when any value is, so only {{keep}} counts among these values for {{key}}.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Deny",\n    "Action": "s3:*",\n    "Resource": "arn:aws:s3:::my-bucket/*",\n    "Condition": { "Bool": { "aws:SecureTransport": "false" } }\n  }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  OfficeOnly:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n            Condition:\n              NotIpAddress:\n                aws:SourceIp: 203.0.113.0/24\n',
        },
      ],
      invalid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Deny",\n    "Action": "s3:*",\n    "Resource": "arn:aws:s3:::my-bucket/*",\n    "Condition": { "Bool": { "aws:SecureTransport": "no" } }\n  }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  OfficeOnly:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n            Condition:\n              NotIpAddress:\n                aws:SourceIp: 203.0.113.7/24\n',
          fixed:
            'Resources:\n  OfficeOnly:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Deny\n            Action: s3:GetObject\n            Resource: arn:aws:s3:::my-bucket/*\n            Condition:\n              NotIpAddress:\n                aws:SourceIp: 203.0.113.0/24\n',
        },
      ],
    },
  },
  check(context) {
    const seen = new Set<string>();
    const report: Report = (range, messageId, data, fixes) => {
      const key = `${range.start}:${range.end}:${messageId}`;
      if (seen.has(key)) return; // YAML aliases share nodes between statements
      seen.add(key);
      context.report(range, messageId, data, fixes);
    };
    for (const policy of context.doc.policies) {
      for (const statement of policy.statements) {
        for (const condition of alternatives(child(statement.node, 'Condition'))) {
          if (condition.type !== 'object') continue;
          for (const op of condition.properties) {
            // An operator IAM does not know (operators are case-sensitive) is iam/invalid-condition-operator's.
            const parsed = knownOperator(op.key) && parseConditionOperator(op.key);
            if (!parsed) continue;
            for (const block of alternatives(op.value)) {
              if (block.type !== 'object') continue;
              for (const key of block.properties) checkKey({ context, report, condition, op, parsed, key });
            }
          }
        }
      }
    }
  },
});

type Report = (range: Range, messageId: string, data: Record<string, string | number>, fixes?: Fix[]) => void;

interface KeyCheck {
  context: RuleContext;
  report: Report;
  condition: ObjectNode;
  op: Property;
  parsed: Parsed;
  key: Property;
}

const FAMILY_NAMES: Record<Family, string> = {
  string: 'String',
  arn: 'ARN',
  numeric: 'Numeric',
  date: 'Date',
  bool: 'Boolean',
  ip: 'IP address',
  binary: 'Binary',
  null: 'Null',
};

/** The operator families a key type takes (https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html). */
const FAMILIES_FOR_TYPE: Record<ConditionKeyBaseType, { families: Family[]; expected: string }> = {
  // String operators on ARN keys are iam/arn-key-string-operator's; ARN operators on String keys that hold ARNs
  // (`kms:EncryptionContext:aws:s3:arn`, tags) are common and work.
  String: { families: ['string', 'arn'], expected: 'a String operator (StringEquals, StringLike, …)' },
  ARN: { families: ['arn', 'string'], expected: 'an ARN operator (ArnEquals, ArnLike, …)' },
  Numeric: { families: ['numeric'], expected: 'a Numeric operator (NumericEquals, NumericLessThan, …)' },
  Date: { families: ['date'], expected: 'a Date operator (DateLessThan, DateGreaterThan, …)' },
  Bool: { families: ['bool'], expected: 'Bool' },
  IPAddress: { families: ['ip'], expected: 'IpAddress or NotIpAddress' },
  Binary: { families: ['binary'], expected: 'BinaryEquals' },
};

function checkKey(outer: KeyCheck): void {
  const reported = new Set<Node>();
  const check: KeyCheck = {
    ...outer,
    report: (range, messageId, data, fixes) => {
      if ('type' in range) reported.add(range as Node);
      outer.report(range, messageId, data, fixes);
    },
  };
  const { key, parsed } = check;
  if (!checkShape(check)) return;
  const record = catalog().conditionKey(key.key);
  if (record && typeMismatch(check, record)) return;
  const every = elementStrings(key.value);
  const values = every.filter((v) => isResolved(v.text) && !v.text.includes('${'));
  switch (parsed.operator.family) {
    case 'bool':
    case 'null':
      checkBooleans(check, values);
      break;
    case 'numeric':
      for (const v of values) if (Number.isNaN(parseNumber(v.text))) valueFinding(check, v, 'notNumber');
      checkRedundant(check, parseNumber);
      break;
    case 'date':
      for (const v of values) checkDate(check, v);
      checkRedundant(check, parseDate);
      break;
    case 'ip':
      checkIps(check, values, values.length === every.length);
      break;
    case 'arn':
      for (const v of values) if (!checkKms(check, v) && !/^(arn:|[*?])/i.test(v.text)) valueFinding(check, v, 'notArn');
      break;
    case 'binary':
      for (const v of values) if (!isBase64(v.text)) valueFinding(check, v, 'notBase64');
      break;
    case 'string':
      checkStrings(check, values, record);
      break;
  }
  if (parsed.operator.family !== 'bool' && parsed.operator.family !== 'null') checkMixedTypes(check, reported);
}

function valueFinding(check: KeyCheck, v: StringValue, messageId: string, data: Record<string, string | number> = {}, fixes: Fix[] = []): void {
  check.report(v.node, messageId, { value: v.text, operator: check.op.key, key: check.key.key, ...data }, fixes);
}

/** Objects, nested lists and nulls are no condition values (DATA_TYPE_MISMATCH). */
function checkShape({ report, key }: KeyCheck): boolean {
  let ok = true;
  for (const value of alternatives(key.value)) {
    for (const item of value.type === 'array' ? value.items.flatMap(alternatives) : [value]) {
      const what = item.type === 'object' ? 'an object' : item.type === 'array' ? 'a nested list' : item.type === 'null' ? 'null' : undefined;
      if (!what) continue;
      ok = false;
      // A YAML `Key:` without a value is a zero-width null at the end of the key.
      report(item.start === item.end ? keyRange(key) : item, 'notAValue', { what });
    }
  }
  return ok;
}

/**
 * A JSON list mixing strings, numbers and booleans (INVALID_CONDITION_DATA_TYPE), reported on the first odd item
 * unless that item already has a finding. In YAML a plain scalar's type is an accident of spelling
 * (`123456789012` is a number), so only JSON counts.
 */
function checkMixedTypes({ context, report, key }: KeyCheck, reported: ReadonlySet<Node>): void {
  if (context.doc.format !== 'json') return;
  for (const value of alternatives(key.value)) {
    if (value.type !== 'array') continue;
    const types = value.items.map((i) => (i.type === 'string' || i.type === 'number' || i.type === 'boolean' ? i.type : undefined));
    const first = types.find((t) => t !== undefined);
    const other = value.items.find((_, i) => types[i] !== undefined && types[i] !== first);
    if (other && !reported.has(other)) report(other, 'mixedTypes', { key: key.key, types: [...new Set(types.filter((t) => t))].join(', ') });
  }
}

function typeMismatch({ report, op, key, parsed }: KeyCheck, record: ConditionKeyRecord): boolean {
  const family = parsed.operator.family;
  // Tag values are strings that policies compare as numbers or dates on purpose; a pattern's type says little.
  if (family === 'null' || record.pattern) return false;
  const allowed = FAMILIES_FOR_TYPE[record.baseType];
  if (allowed.families.includes(family)) return false;
  // aws:EpochTime is documented as "Date, Numeric".
  if (record.name === 'aws:EpochTime' && family === 'numeric') return false;
  report(keyRange(key), 'typeMismatch', { operator: op.key, family: FAMILY_NAMES[family], key: key.key, type: record.type, expected: allowed.expected });
  return true;
}

/** YAML 1.1 readers turn plain `yes`/`no`/`on`/`off` into booleans; whether CloudFormation does is not ours to guess. */
function yamlBoolean(v: StringValue): boolean {
  return (v.node.type === 'string' || v.node.type === 'boolean') && v.node.style === 'plain' && /^(y|n|yes|no|on|off)$/i.test(v.text);
}

function checkBooleans(check: KeyCheck, values: StringValue[]): void {
  const isNull = check.parsed.operator.family === 'null';
  for (const v of values) {
    if (!/^(true|false)$/i.test(v.text) && !yamlBoolean(v)) valueFinding(check, v, isNull ? 'notNullValue' : 'notBoolean');
  }
  if (isNull || check.parsed.set) return;
  for (const list of alternatives(check.key.value)) {
    if (list.type === 'array' && list.items.length > 1) check.report(list, 'multipleBooleans', { operator: check.op.key, key: check.key.key });
  }
}

function parseNumber(text: string): number {
  const t = text.trim();
  return /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(t) ? Number(t) : NaN;
}

function checkDate(check: KeyCheck, v: StringValue): void {
  const time = parseDate(v.text);
  if (Number.isNaN(time)) {
    // W3C date-time (which Access Analyzer points to) also has the reduced forms YYYY and YYYY-MM.
    if (!/^\d{4}(-\d{2})?$/.test(v.text)) valueFinding(check, v, 'notDate');
    return;
  }
  const year = new Date(time).getUTCFullYear();
  // Epoch seconds past the year 5000: a value in milliseconds (INVALID_DATE_VALUE: epoch values may not resolve as expected).
  if (/^\d+(\.\d+)?$/.test(v.text.trim()) && (year > 5000 || Number.isNaN(year))) valueFinding(check, v, 'epochMilliseconds', { year: Number.isNaN(year) ? 'beyond 275760' : year });
}

/**
 * `NumericLessThan: [10, 20]` is `< 20`: several values of an ordering operator are ORed, so only the greatest (less
 * than) or least (greater than) counts, whatever the set qualifier. The fix keeps that value: the same condition.
 */
function checkRedundant({ context, report, op, key, parsed }: KeyCheck, read: (text: string) => number): void {
  const order = parsed.operator.order;
  if (order === 'eq') return;
  for (const list of alternatives(key.value)) {
    if (list.type !== 'array' || list.items.length < 2) continue;
    const numbers = list.items.map((item) => (item.type === 'string' || item.type === 'number' ? read(String(item.type === 'number' ? item.raw : item.value)) : NaN));
    if (numbers.some(Number.isNaN)) continue;
    const pick = order === 'lt' || order === 'le' ? Math.max(...numbers) : Math.min(...numbers);
    const kept = list.items[numbers.indexOf(pick)];
    const keep = context.doc.text.slice(kept.start, kept.end);
    const fixes: Fix[] = [{ title: `Keep only ${keep}`, safe: true, edits: [{ start: list.start, end: list.end, newText: keep }] }];
    report(list, 'redundantValues', { operator: op.key, key: key.key, keep }, fixes);
  }
}

/** `complete`: every value of the key is known (no template parameter that may hold a public range). */
function checkIps(check: KeyCheck, values: StringValue[], complete: boolean): void {
  const parsed: { v: StringValue; cidr: Cidr }[] = [];
  for (const v of values) {
    const cidr = parseCidr(v.text);
    if (!cidr) {
      valueFinding(check, v, 'notIp');
      continue;
    }
    parsed.push({ v, cidr });
    const network = networkOf(cidr);
    // IPv4-mapped IPv6 reads as IPv4: its network is not written the way the author wrote the address.
    if (network.address !== cidr.address && !(cidr.bits === 32 && v.text.includes(':'))) {
      const text = formatCidr(network);
      const fixes: Fix[] = v.literal ? [{ title: `Change to ${text}`, safe: true, edits: [check.context.fixer.replaceScalar(v.node, text)] }] : [];
      valueFinding(check, v, 'improveIpRange', { prefix: cidr.prefix, network: text }, fixes);
    }
  }
  if (check.key.key.toLowerCase() !== 'aws:sourceip' || parsed.length === 0) return;
  const privates = parsed.filter((p) => isPrivateRange(p.cidr));
  if (privates.length === 0) return;
  const all = complete && privates.length === values.length;
  const messageId = !all ? 'privateSourceIpSubset' : check.parsed.operator.negated ? 'privateNotSourceIp' : 'privateSourceIp';
  const block = check.op.value;
  const renamed = block.type === 'object' && block.properties.some((p) => p.key.toLowerCase() === 'aws:vpcsourceip');
  const fixes: Fix[] = all && !renamed ? [{ title: 'Use aws:VpcSourceIp', safe: false, edits: [check.context.fixer.renameKey(check.key, 'aws:VpcSourceIp')] }] : [];
  for (const p of privates) valueFinding(check, p.v, messageId, {}, fixes);
}

function isBase64(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return t.length > 0 && t.length % 4 !== 1 && /^[A-Za-z0-9+/]+={0,2}$/.test(t);
}

/** s3:x-amz-server-side-encryption-aws-kms-key-id is compared with the key ARN S3 resolves the request's key to. */
function checkKms(check: KeyCheck, v: StringValue): boolean {
  if (check.key.key.toLowerCase() !== 's3:x-amz-server-side-encryption-aws-kms-key-id' || /[*?]/.test(v.text)) return false;
  if (/^arn:[^:]+:kms:[^:]+:[^:]+:key\/.+$/.test(v.text)) return false;
  valueFinding(check, v, 'invalidKmsKey');
  return true;
}

function checkStrings(check: KeyCheck, values: StringValue[], record: ConditionKeyRecord | undefined): void {
  const { operator, set, ifExists } = check.parsed;
  const key = check.key.key.toLowerCase();
  for (const v of values) {
    if (checkKms(check, v)) continue;
    if (!operator.wildcards && v.text.includes('*') && record?.baseType !== 'ARN') {
      const like = likeOperator(check);
      const fixes: Fix[] = like ? [{ title: `Change the operator to ${like}`, safe: false, edits: [check.context.fixer.renameKey(check.op, like)] }] : [];
      valueFinding(check, v, 'wildcardWithoutLike', { like: like ?? 'StringLike or StringNotLike' }, fixes);
      continue;
    }
    if (/[*?]/.test(v.text)) continue;
    if (key === 'aws:sourcevpc' && !/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/i.test(v.text)) valueFinding(check, v, 'invalidVpc');
    if (key === 'aws:sourcevpce' && !/^vpce-([0-9a-f]{8}|[0-9a-f]{17})$/i.test(v.text)) valueFinding(check, v, 'invalidVpce');
  }
  // `StringLikeIfExists: {k: "*"}` holds for any value and for no value. (`StringLike: {k: "*"}` is a presence test,
  // the same as `Null: {k: "false"}`: AWS's own policies write it so a hundred times, and it means what it says.)
  const star = values.find((v) => v.text === '*');
  if (operator.wildcards && !operator.negated && ifExists && !set && star) check.report(star.node, 'alwaysMatches', { operator: check.op.key, key: check.key.key });
}

/** `StringEquals` → `StringLike`, keeping the qualifier and IfExists; none when the condition already has that operator. */
function likeOperator({ op, condition }: KeyCheck): string | undefined {
  const m = /^((?:ForAllValues:|ForAnyValue:)?)String(Not)?Equals(IfExists)?$/i.exec(op.key);
  if (!m) return undefined;
  const like = `${m[1]}String${m[2] ? 'Not' : ''}Like${m[3] ? 'IfExists' : ''}`;
  return condition.properties.some((p) => p.key.toLowerCase() === like.toLowerCase()) ? undefined : like;
}

