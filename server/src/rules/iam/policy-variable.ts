import { defineRule, type Fix, type Range, type RuleContext } from '../../engine/rule';
import { parseConditionOperator } from '../../iam/condition-operators';
import { alternatives, type StatementView } from '../../model/policy';
import { valueOffsets } from '../../model/value-offsets';
import { child, scalarText, type Node, type ScalarStyle, type StringNode } from '../../parse/tree';

const VARIABLES_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html';

export default defineRule({
  meta: {
    id: 'iam/policy-variable',
    severity: 'error',
    summary: 'Malformed or misplaced IAM policy variable (`${aws:username}`), or one CloudFormation reads as its own',
    description:
      'IAM replaces `${aws:username}`, `${aws:PrincipalTag/team}` and other policy variables with values from the ' +
      'request, but only when they are well formed (`${key}` or `${key, \'default\'}`, no spaces, a closing brace) and ' +
      'only in `Resource` (this rule leaves `NotResource` alone too) and in the values of String and ARN condition ' +
      'operators. In `Action`, `Principal` and the values of other operators the ' +
      'text is compared literally, so the statement silently never matches (or, in a Deny, never protects).\n\n' +
      'In a CloudFormation template, `!Sub` (`Fn::Sub`) owns the `${…}` syntax: `${BucketName}` there is a template ' +
      'reference, and a policy variable must be written `${!aws:username}`. An unescaped `${aws:username}` in `!Sub` ' +
      'makes the stack fail to deploy; a `${BucketName}` or `${AWS::Region}` outside `!Sub` is never substituted and ' +
      'reaches IAM as a (meaningless) policy variable. Policy variables need `"Version": "2012-10-17"`; policies with ' +
      'another or no version are left to `iam/missing-version` and `iam/legacy-version`.',
    source: VARIABLES_DOC,
    accessAnalyzer: [
      'MISSING_BRACE_IN_VARIABLE',
      'MISSING_QUOTE_IN_VARIABLE',
      'UNSUPPORTED_SPACE_IN_VARIABLE',
      'EMPTY_VARIABLE',
      'VARIABLE_UNSUPPORTED_IN_ELEMENT',
      'INVALID_VARIABLE_FOR_OPERATOR',
    ],
    fix: 'safe',
    messages: {
      missingBrace: 'The policy variable "{{variable}}" has no closing brace, so IAM cannot read it: add "}" after the variable name.',
      missingQuote: "The default value in \"{{variable}}\" must be in single quotes: write \"{{suggestion}}\".",
      unsupportedSpace: 'The policy variable "{{variable}}" contains a space: IAM allows no spaces in a variable name.',
      emptyVariable: '"{{variable}}" is an empty policy variable: name a condition key inside ${…} or remove it.',
      unsupportedElement:
        'IAM does not replace policy variables in {{element}}: "{{variable}}" is compared as literal text. Variables work in Resource and in String and ARN condition values.',
      unsupportedOperator:
        '{{operator}} does not take policy variables: "{{variable}}" is compared as literal text. Only String and ARN condition operators replace variables.',
      unescapedInSub:
        'In !Sub, CloudFormation reads "{{variable}}" as a reference to a parameter or resource, and the stack fails to deploy: write the policy variable as "{{escaped}}".',
      cfnReferenceOutsideSub:
        '"{{reference}}" names a CloudFormation {{what}}, but this string is not in !Sub: CloudFormation passes it on unchanged and IAM reads it as a policy variable.',
    },
    examples: {
      valid: [
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::my-bucket/home/${aws:username}/*"\n  }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'Resources:\n  HomePolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub arn:${AWS::Partition}:s3:::my-bucket/home/${!aws:username}/*\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'Resources:\n  HomePolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub arn:${AWS::Partition}:s3:::my-bucket/home/${aws:username}/*\n',
          fixed:
            'Resources:\n  HomePolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Action: s3:GetObject\n            Resource: !Sub arn:${AWS::Partition}:s3:::my-bucket/home/${!aws:username}/*\n',
        },
        {
          file: 'policy.json',
          code:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::my-bucket/home/${aws:PrincipalTag/team, shared}/*"\n  }]\n}\n',
          fixed:
            '{\n  "Version": "2012-10-17",\n  "Statement": [{\n    "Effect": "Allow",\n    "Action": "s3:GetObject",\n    "Resource": "arn:aws:s3:::my-bucket/home/${aws:PrincipalTag/team, \'shared\'}/*"\n  }]\n}\n',
        },
      ],
    },
  },
  check(context) {
    const seen = new Set<string>();
    const report: Reporter = (range, messageId, data, fixes) => {
      const key = `${range.start}:${range.end}:${messageId}`;
      if (seen.has(key)) return; // YAML aliases share nodes between statements
      seen.add(key);
      context.report(range, messageId, data, fixes);
    };
    for (const policy of context.doc.policies) {
      // Under 2008-10-17 or without a Version, `${…}` is plain text: the version rules say so.
      const variables = policy.documentless || scalarText(child(policy.node, 'Version')) === '2012-10-17';
      for (const statement of policy.statements) checkStatement(context, report, statement, variables);
    }
  },
});

type Reporter = (range: Range, messageId: string, data: Record<string, string>, fixes?: Fix[]) => void;

/** Where a value sits, which decides whether IAM replaces variables in it. */
type Place = { kind: 'supported' } | { kind: 'element'; element: string } | { kind: 'operator'; operator: string };

interface Scan {
  context: RuleContext;
  report: Reporter;
  /** IAM-level checks (the policy's Version is 2012-10-17). */
  variables: boolean;
  place: Place;
}

function checkStatement(context: RuleContext, report: Reporter, statement: StatementView, variables: boolean): void {
  const s = statement.node;
  const scan = (place: Place, node: Node | undefined) => visit({ context, report, variables, place }, node);
  scan({ kind: 'supported' }, child(s, 'Resource'));
  scan({ kind: 'supported' }, child(s, 'NotResource'));
  for (const element of ['Action', 'NotAction']) scan({ kind: 'element', element }, child(s, element));
  for (const element of ['Principal', 'NotPrincipal']) {
    for (const principal of alternatives(child(s, element))) {
      if (principal.type === 'object') for (const p of principal.properties) scan({ kind: 'element', element }, p.value);
    }
  }
  for (const condition of alternatives(child(s, 'Condition'))) {
    if (condition.type !== 'object') continue;
    for (const op of condition.properties) {
      const family = parseConditionOperator(op.key)?.family;
      // An operator IAM does not know is iam/invalid-condition-operator's; its values are still template text.
      const place: Place = family === undefined || family === 'string' || family === 'arn' ? { kind: 'supported' } : { kind: 'operator', operator: op.key };
      for (const block of alternatives(op.value)) {
        if (block.type === 'object') for (const key of block.properties) scan(place, key.value);
      }
    }
  }
}

function visit(scan: Scan, node: Node | undefined, continues = false): void {
  for (const n of alternatives(node)) {
    if (n.type === 'array') for (const item of n.items) visit(scan, item);
    else if (n.type === 'string') checkString(scan, n, continues);
    else if (n.type === 'intrinsic' && n.fn === 'Fn::Sub') checkSub(scan, n.argument);
    else if (n.type === 'intrinsic' && n.fn === 'Fn::Join' && n.argument.type === 'array') {
      // `!Join ['', [a, b]]`: each literal part is plain text; a variable may only be split across parts on purpose.
      const list = n.argument.items[1];
      if (list?.type === 'array') list.items.forEach((item, i) => visit(scan, item, i < list.items.length - 1));
    }
  }
}

/** A `${…}` in a string: a policy variable, or (in `!Sub`) a CloudFormation reference. Indices into the value. */
interface Token {
  start: number;
  end: number;
  /** The text IAM reads between `${` and `}`. */
  content: string;
  contentStart: number;
  closed: boolean;
  /** `!Sub` only: `${!x}` is the literal `${x}`; without `!` it is a template reference. */
  escaped: boolean;
}

function tokens(text: string, sub: boolean): Token[] {
  const out: Token[] = [];
  let i = text.indexOf('${');
  while (i >= 0) {
    const escaped = sub && text[i + 2] === '!';
    const contentStart = i + 2 + (escaped ? 1 : 0);
    const close = text.indexOf('}', contentStart);
    const next = text.indexOf('${', contentStart);
    if (close < 0 || (next >= 0 && next < close)) {
      const end = next >= 0 ? next : text.length;
      out.push({ start: i, end, content: text.slice(contentStart, end), contentStart, closed: false, escaped });
      i = next;
    } else {
      out.push({ start: i, end: close + 1, content: text.slice(contentStart, close), contentStart, closed: true, escaped });
      i = text.indexOf('${', close + 1);
    }
  }
  return out;
}

/** Where to report a token and how to edit inside the scalar; the whole scalar when its source is not one-to-one. */
class Located {
  private readonly offsets: number[] | undefined;

  constructor(
    scan: Scan,
    readonly node: StringNode,
  ) {
    this.offsets = valueOffsets(node, scan.context.doc.text);
  }

  range(start: number, end: number): Range {
    return this.offsets ? { start: this.offsets[start], end: this.offsets[end] } : { start: this.node.start, end: this.node.end };
  }

  /** An edit replacing value[start, end) with `text`, encoded for the scalar's quoting; undefined when not exact. */
  edit(start: number, end: number, text: string): Fix['edits'] | undefined {
    if (!this.offsets) return undefined;
    return [{ start: this.offsets[start], end: this.offsets[end], newText: encode(text, this.node.style) }];
  }
}

function encode(text: string, style: ScalarStyle): string {
  if (style === 'json' || style === 'double') return JSON.stringify(text).slice(1, -1);
  if (style === 'single') return text.replace(/'/g, "''");
  return text;
}

function checkString(scan: Scan, node: StringNode, continues: boolean): void {
  const found = tokens(node.value, false);
  if (found.length === 0) return;
  const at = new Located(scan, node);
  const template = scan.context.doc.template;
  if (template) {
    const reference = found.find((t) => t.closed && referenceKind(scan, t.content) !== undefined);
    if (reference) {
      const content = reference.content.trim();
      report(scan, at.range(reference.start, reference.end), 'cfnReferenceOutsideSub', { reference: `\${${content}}`, what: referenceKind(scan, content)! }, wrapInSub(scan, node, found));
      return;
    }
  }
  for (const t of found) {
    if (!t.closed && continues && t.end === node.value.length) continue;
    checkVariable(scan, at, t);
  }
}

function checkSub(scan: Scan, argument: Node): void {
  const [template, map] = argument.type === 'array' ? [argument.items[0], argument.items[1]] : [argument, undefined];
  if (template?.type !== 'string') return;
  const defined = new Set(map?.type === 'object' ? map.properties.map((p) => p.key) : []);
  const at = new Located(scan, template);
  for (const t of tokens(template.value, true)) {
    if (t.escaped) {
      checkVariable(scan, at, t);
      continue;
    }
    const name = t.content.trim();
    if (!t.closed || defined.has(name) || !looksLikePolicyVariable(name)) continue;
    const edits = at.edit(t.start + 2, t.start + 2, '!');
    const escaped = `\${!${t.content}}`;
    report(scan, at.range(t.start, t.end), 'unescapedInSub', { variable: `\${${t.content}}`, escaped }, edits ? [{ title: `Escape as "${escaped}"`, safe: true, edits }] : []);
  }
}

/** `aws:username`, `aws:PrincipalTag/team`, `www.amazon.com:user_id`: one colon, never a template name (`AWS::Region`, `Bucket.Arn`, `Bucket`). */
function looksLikePolicyVariable(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9.-]*:[^:\s]/.test(name) && !name.includes('::');
}

function checkVariable(scan: Scan, at: Located, t: Token): void {
  if (!scan.variables) return;
  const shown = `\${${t.escaped ? '!' : ''}${t.content}${t.closed ? '}' : ''}`;
  const range = at.range(t.start, t.end);
  if (!t.closed) {
    report(scan, range, 'missingBrace', { variable: shown });
    return;
  }
  // `${*}`, `${?}` and `${$}` are how a policy writes those characters literally.
  if (t.content === '*' || t.content === '?' || t.content === '$') return;
  const comma = t.content.indexOf(',');
  const name = comma < 0 ? t.content : t.content.slice(0, comma);
  if (name.trim() === '') {
    report(scan, range, 'emptyVariable', { variable: shown });
    return;
  }
  const rewrite = (content: string, title: string): Fix[] => {
    const edits = at.edit(t.contentStart, t.end - 1, content);
    return edits ? [{ title, safe: false, edits }] : [];
  };
  if (/\s/.test(name)) {
    const fixed = name.replace(/\s+/g, '') + (comma < 0 ? '' : t.content.slice(comma));
    report(scan, range, 'unsupportedSpace', { variable: shown }, rewrite(fixed, 'Remove the spaces from the variable name'));
    return;
  }
  if (comma >= 0) {
    const fallback = t.content.slice(comma + 1).trim();
    if (!(fallback.length >= 2 && fallback.startsWith("'") && fallback.endsWith("'"))) {
      const fixed = `${name}, '${fallback.replace(/^['"]|['"]$/g, '')}'`;
      const suggestion = `\${${t.escaped ? '!' : ''}${fixed}}`;
      report(scan, range, 'missingQuote', { variable: shown, suggestion }, rewrite(fixed, 'Quote the default value'));
      return;
    }
  }
  const place = scan.place;
  if (place.kind === 'element') report(scan, range, 'unsupportedElement', { variable: shown, element: place.element });
  else if (place.kind === 'operator') report(scan, range, 'unsupportedOperator', { variable: shown, operator: place.operator });
}

function report(scan: Scan, range: Range, messageId: string, data: Record<string, string>, fixes: Fix[] = []): void {
  scan.report(range, messageId, data, fixes);
}

/** What a `${name}` outside `!Sub` refers to in the template, if it is a template name rather than a policy variable. */
function referenceKind(scan: Scan, content: string): string | undefined {
  const template = scan.context.doc.template;
  const name = content.trim();
  if (!template || name === '') return undefined;
  if (/^AWS::[A-Za-z]+$/.test(name)) return 'pseudo parameter';
  if (template.parameters.has(name)) return 'parameter';
  if (template.resource(name)) return 'resource';
  const dot = name.indexOf('.');
  if (dot > 0 && template.resource(name.slice(0, dot))) return 'resource attribute';
  return undefined;
}

/** `!Sub` the whole string; the policy variables in it get their `!` so they stay policy variables. */
function wrapInSub(scan: Scan, node: StringNode, found: Token[]): Fix[] {
  if (node.style === 'block') return [];
  let value = '';
  let last = 0;
  for (const t of found) {
    value += node.value.slice(last, t.start);
    const isReference = t.closed && referenceKind(scan, t.content) !== undefined;
    value += isReference ? node.value.slice(t.start, t.end) : `\${!${node.value.slice(t.start + 2, t.end)}`;
    last = t.end;
  }
  value += node.value.slice(last);
  const { fixer } = scan.context;
  const newText = fixer.format === 'json' ? `{"Fn::Sub": ${JSON.stringify(value)}}` : `!Sub ${fixer.scalar(value, node.style)}`;
  return [{ title: 'Wrap the string in !Sub', safe: false, edits: [{ start: node.start, end: node.end, newText }] }];
}
