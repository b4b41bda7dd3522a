import { defineRule, type Fix } from '../../engine/rule';
import { catalog } from '../../iam/catalog';
import { editDistance } from '../../iam/edit-distance';
import { hasWildcard } from '../../iam/wildcard';
import { principalValues, type PrincipalValue } from '../../model/statement-principals';
import { isResolved } from '../../model/values';

/** Where AWS service principals live: `<name>.amazonaws.com`, `.amazonaws.com.cn` in China, a few `.amazon.com` (Alexa). */
const AWS_DOMAIN = /^(.+)\.(amazonaws\.com(?:\.cn)?|amazon\.com)$/;
const DNS_NAME = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

type Finding = { messageId: string; suggestions: string[]; safe: boolean; hint?: string };

export default defineRule({
  meta: {
    id: 'iam/unknown-service-principal',
    scope: 'policy',
    severity: 'error',
    summary: 'A `Service` principal that is misspelt or not shaped like a service principal',
    description:
      'A service principal is a DNS-style name such as `lambda.amazonaws.com`, lower case. IAM accepts a trust or ' +
      'resource policy naming `lamda.amazonaws.com` or `lambda.amazon.com`, but no service ever calls as that ' +
      'principal, so the role cannot be assumed (the function fails to deploy with "The role defined for the function ' +
      'cannot be assumed by Lambda") or the permission never applies. The rule knows the service principals AWS ' +
      'publishes, and reports a name only when it is sure: one edit or two (for long names) away from a known ' +
      'principal, a known principal under the wrong domain (`.amazon.com`, `.amazonaws.org`), in the wrong case, with ' +
      'spaces around it, or a value that is not a DNS name at all (`lambda`, an account ID or an ARN, which belong ' +
      'under `AWS`). An unfamiliar name under `.amazonaws.com` that names a known service (`pipes.amazonaws.com`, ' +
      '`delivery.logs.amazonaws.com`) or is close to nothing known is left alone: AWS adds principals faster than ' +
      'any list. The quick fix replaces the value and is safe when there is exactly one candidate.',
    source: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services',
    accessAnalyzer: ['INVALID_SERVICE_PRINCIPAL_FORMAT'],
    fix: 'safe',
    messages: {
      typo: '"{{value}}" is not a known service principal: did you mean "{{suggestion}}"?',
      wrongDomain: '"{{value}}" is not a service principal: AWS service principals end in .amazonaws.com. Did you mean "{{suggestion}}"?',
      case: 'Service principals are lower case: "{{suggestion}}", not "{{value}}".',
      whitespace: '"{{value}}" has spaces around the name: the service principal is "{{suggestion}}".',
      format: '"{{value}}" is not a service principal, which is a DNS name such as lambda.amazonaws.com{{hint}}',
    },
    examples: {
      valid: [
        {
          file: 'trust-policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n}\n',
        },
      ],
      invalid: [
        {
          file: 'trust-policy.json',
          code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lamda.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n}\n',
          fixed: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n}\n',
        },
        {
          file: 'template.yaml',
          code:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  FunctionRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazon.com\n            Action: sts:AssumeRole\n',
          fixed:
            'AWSTemplateFormatVersion: "2010-09-09"\nResources:\n  FunctionRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: "2012-10-17"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n',
        },
      ],
    },
  },
  check({ doc, report, fixer }) {
    for (const policy of doc.policies) {
      if (policy.kind === 'identity') continue;
      for (const statement of policy.statements) {
        for (const value of principalValues(statement)) {
          if (value.type !== 'Service' || ['boolean', 'object', 'array'].includes(value.node.type)) continue; // iam/invalid-principal
          if (policy.kind === 'trust' && value.element === 'NotPrincipal') continue;
          if (hasWildcard(value.text) || !isResolved(value.text)) continue; // wildcards: iam/invalid-principal
          const finding = judge(value);
          if (!finding) continue;
          const fixes: Fix[] = value.literal
            ? finding.suggestions.map((s) => ({ title: `Change to "${s}"`, safe: finding.safe, edits: [fixer.replaceScalar(value.node, s)] }))
            : [];
          report(value.node, finding.messageId, { value: value.text, suggestion: finding.suggestions.join('" or "'), hint: finding.hint ?? '' }, fixes);
        }
      }
    }
  },
});

function judge(value: PrincipalValue): Finding | undefined {
  const text = value.text;
  const known = catalog().servicePrincipal(text);
  if (known && knownSpelling(known.name, known.region) === text) return undefined;
  if (known) return { messageId: 'case', suggestions: [knownSpelling(known.name, known.region)], safe: true };
  const trimmed = text.trim();
  if (trimmed !== text) {
    const inner = catalog().servicePrincipal(trimmed) ?? catalog().servicePrincipal(trimmed.replace(/\.cn$/, ''));
    if (inner) return { messageId: 'whitespace', suggestions: [trimmed.toLowerCase()], safe: true };
  }
  const china = AWS_DOMAIN.exec(text.toLowerCase());
  if (china?.[2] === 'amazonaws.com.cn' && catalog().servicePrincipal(`${china[1]}.amazonaws.com`)) {
    return text === text.toLowerCase() ? undefined : { messageId: 'case', suggestions: [text.toLowerCase()], safe: true };
  }
  if (!DNS_NAME.test(trimmed)) return notAName(trimmed);
  const lower = trimmed.toLowerCase();
  const aws = AWS_DOMAIN.exec(lower);
  if (aws) {
    if (aws[2] === 'amazon.com') {
      const moved = catalog().servicePrincipal(`${aws[1]}.amazonaws.com`);
      if (moved && !moved.region) return { messageId: 'wrongDomain', suggestions: [moved.name], safe: true };
    }
    return typoOf(aws[1], aws[2]);
  }
  return wrongDomain(lower);
}

/** The name as AWS writes it: the catalogue's canonical name, or its regional form in lower case. */
function knownSpelling(name: string, region: string | undefined): string {
  return region ? name.replace(/\.amazonaws\.com$/, `.${region}.amazonaws.com`) : name;
}

/** `lambda`, `arn:aws:iam::…`, `123456789012`, `Lambda Service`: not a DNS name at all. */
function notAName(text: string): Finding {
  const appended = /^[a-z0-9-]+$/i.test(text) ? catalog().servicePrincipal(`${text.toLowerCase()}.amazonaws.com`) : undefined;
  if (appended) return { messageId: 'format', suggestions: [appended.name], safe: true, hint: `. Did you mean "${appended.name}"?` };
  const hint = text.startsWith('arn:') || /^\d{12}$/.test(text) ? '. An account ID or an ARN goes under "AWS", not "Service".' : '.';
  return { messageId: 'format', suggestions: [], safe: false, hint };
}

/**
 * A host under an AWS domain that AWS does not list. Reported only when it is one word close to a listed principal
 * and names no known service: `lamda` is a typo, `pipes` or `delivery.logs` a principal the list lacks.
 */
function typoOf(host: string, domain: string): Finding | undefined {
  // Sub-service principals (`channels.lexv2`, `dmsintegration.migrationhub`) differ from listed ones by design.
  if (host.includes('.') || host.length < 4 || catalog().service(host)) return undefined;
  const limit = host.length <= 8 ? 1 : 2;
  let best = limit + 1;
  let candidates: string[] = [];
  for (const p of catalog().servicePrincipals()) {
    const m = AWS_DOMAIN.exec(p.name);
    // A versioned or extended name (`securityhubv2` beside `securityhub`) is a new principal, not a typo.
    if (!m || m[1].includes('.') || (m[1] !== host && (host.startsWith(m[1]) || m[1].startsWith(host)))) continue;
    const d = editDistance(host, m[1], limit) + (m[2] === domain.replace(/\.cn$/, '') ? 0 : 1);
    if (d > limit || d > best) continue;
    if (d < best) candidates = [];
    best = d;
    candidates.push(domain.endsWith('.cn') && m[2] === 'amazonaws.com' ? `${p.name}.cn` : p.name);
  }
  if (candidates.length === 0) return undefined;
  return { messageId: 'typo', suggestions: candidates.slice(0, 3), safe: candidates.length === 1 };
}

/** `lambda.amazonaws.org`, `lambda.amazonws.com`: a known host under a domain one or two edits from amazonaws.com. */
function wrongDomain(name: string): Finding | undefined {
  for (let dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
    const domain = name.slice(dot + 1);
    if (editDistance(domain, 'amazonaws.com', 2) > 2) continue;
    const known = catalog().servicePrincipal(`${name.slice(0, dot)}.amazonaws.com`);
    if (known && !known.region) return { messageId: 'wrongDomain', suggestions: [known.name], safe: true };
  }
  return undefined;
}
