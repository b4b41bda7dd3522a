import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { lint } from '../server/src/engine/lint';

// DESIGN.md: "Every snippet, inserted as is, yields zero error and zero warning diagnostics." Each snippet of
// snippets/*.code-snippets is expanded with its placeholders at their defaults and inserted where it is meant to go,
// which its prefix says (VS Code reads the snippet files, so placement cannot live in them): the PLACEMENT table
// below. A snippet missing from the table fails, so a new snippet must say where it goes.

const SNIPPETS = join(__dirname, '..', 'snippets');

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
}

// ---------------------------------------------------------------------------------------------------------------
// Expansion: what VS Code inserts when the user accepts every default.
// https://code.visualstudio.com/docs/editing/userdefinedsnippets#_snippet-syntax

type Part = string | { stop: number; value?: Part[] } | { variable: string; value?: Part[] };

function parse(text: string): Part[] {
  let i = 0;
  const read = (inside: boolean): Part[] => {
    const parts: Part[] = [];
    let literal = '';
    const flush = () => {
      if (literal) parts.push(literal);
      literal = '';
    };
    while (i < text.length) {
      const c = text[i];
      if (c === '\\' && i + 1 < text.length && '$}\\,|'.includes(text[i + 1])) {
        literal += text[i + 1];
        i += 2;
      } else if (inside && c === '}') {
        break;
      } else if (c === '$') {
        const simple = /^\$(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
        const braced = /^\$\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(i));
        if (braced) {
          flush();
          i += braced[0].length;
          const name = braced[1];
          let value: Part[] | undefined;
          if (text[i] === ':') {
            i++;
            value = read(true);
          } else if (text[i] === '|') {
            const end = text.indexOf('|}', i + 1);
            value = [text.slice(i + 1, end).split(/(?<!\\),/)[0].replace(/\\(.)/g, '$1')];
            i = end + 1;
          }
          assert.equal(text[i], '}', `unterminated placeholder in ${text}`);
          i++;
          parts.push(/^\d+$/.test(name) ? { stop: Number(name), value } : { variable: name, value });
        } else if (simple) {
          flush();
          i += simple[0].length;
          parts.push(/^\d+$/.test(simple[1]) ? { stop: Number(simple[1]) } : { variable: simple[1] });
        } else {
          literal += c;
          i++;
        }
      } else {
        literal += c;
        i++;
      }
    }
    flush();
    return parts;
  };
  return read(false);
}

/** Placeholders at their defaults, choices at their first option, mirrors (`$1`) at the value of their tab stop. */
function expandSnippet(body: string): string {
  const parts = parse(body);
  const defaults = new Map<number, Part[]>();
  const collect = (ps: Part[]) => {
    for (const p of ps) {
      if (typeof p === 'string' || !p.value) continue;
      if ('stop' in p && !defaults.has(p.stop)) defaults.set(p.stop, p.value);
      collect(p.value);
    }
  };
  collect(parts);
  const render = (ps: Part[]): string =>
    ps.map((p) => (typeof p === 'string' ? p : 'stop' in p ? render(p.value ?? defaults.get(p.stop) ?? []) : render(p.value ?? []))).join('');
  return render(parts);
}

// ---------------------------------------------------------------------------------------------------------------
// Hosts: the documents a snippet is inserted into. VS Code indents every line after the first like the line it is
// inserted on, and turns tabs into the editor's indentation (spaces in YAML).

interface Host {
  file: string;
  text: string;
}

const indentTail = (snippet: string, indent: string) => snippet.replace(/\n/g, `\n${indent}`);

const SAM_HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nTransform: AWS::Serverless-2016-10-31\nResources:\n";
const CFN_HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n";

const operatorRoleYaml =
  "  LambdaOperatorRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator\n";
const functionRoleYaml =
  "  FunctionRole:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      ManagedPolicyArns:\n        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole\n";
const cfnProviderYaml =
  '  CapacityProvider:\n    Type: AWS::Lambda::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      PermissionsConfig:\n        CapacityProviderOperatorRoleArn: !GetAtt LambdaOperatorRole.Arn\n';
const samProviderYaml =
  '  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n';
const operatorRoleJson =
  '    "LambdaOperatorRole": {\n      "Type": "AWS::IAM::Role",\n      "Properties": {\n        "AssumeRolePolicyDocument": {\n          "Version": "2012-10-17",\n          "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }]\n        },\n        "ManagedPolicyArns": [{ "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/AWSLambdaManagedEC2ResourceOperator" }]\n      }\n    }';

/** What the Lambda permission and function URL snippets refer to by default. */
const invokeTargetsYaml =
  "  MyFunction:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: !GetAtt FunctionRole.Arn\n      Code:\n        ZipFile: 'def handler(event, context): pass'\n" +
  functionRoleYaml +
  '  MyBucket:\n    Type: AWS::S3::Bucket\n  MyTopic:\n    Type: AWS::SNS::Topic\n  MyRule:\n    Type: AWS::Events::Rule\n    Properties:\n      ScheduleExpression: rate(1 hour)\n  MyApi:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: orders\n';

/** The whole file is the snippet: a standalone policy. */
const policyFile = (file: string) => (s: string): Host => ({ file, text: `${s}\n` });

/** A resource under `Resources:` of a YAML template, next to the resources its defaults refer to. */
const yamlResource = (header: string, others = '') => (s: string): Host => ({ file: 'template.yaml', text: `${header}  ${indentTail(s.replace(/\t/g, '  '), '  ')}\n${others}` });

/** A member of `Resources` in a JSON template. */
const jsonResource = (others = '') => (s: string): Host => ({
  file: 'template.json',
  text: `{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Resources": {\n${others ? `${others},\n` : ''}    ${indentTail(s, '    ')}\n  }\n}\n`,
});

/** An item of a standalone policy's `Statement` array. */
const jsonStatement = (s: string): Host => ({ file: 'policy.json', text: `{\n\t"Version": "2012-10-17",\n\t"Statement": [\n\t\t${indentTail(s, '\t\t')}\n\t]\n}\n` });

/** An item of a YAML policy's `Statement` list, in a template that has the capacity provider the default names. */
const yamlStatement = (s: string): Host => ({
  file: 'template.yaml',
  text: `${SAM_HEADER}${samProviderYaml}  DeployPolicy:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          ${indentTail(s.replace(/\t/g, '  '), '          ')}\n`,
});

/** `<language>:<prefix>` → where the snippet goes. Prefixes: `*-policy` in JSON is a whole policy file, `*-statement` a Statement item, anything else a template resource. */
const PLACEMENT: Record<string, (snippet: string) => Host> = {
  'json:lambda-trust-policy': policyFile('trust-policy.json'),
  'json:iam-policy': policyFile('policy.json'),
  'json:lmi-operator-trust-policy': policyFile('trust-policy.json'),
  'json:lmi-operator-permissions-policy': policyFile('policy.json'),
  'json:lmi-deployer-policy': policyFile('policy.json'),
  'json:lmi-pass-capacity-provider-statement': jsonStatement,
  'json:lmi-operator-role': jsonResource(),
  'json:lmi-capacity-provider': jsonResource(operatorRoleJson),
  'yaml:lambda-execution-role': yamlResource(CFN_HEADER),
  'yaml:lmi-operator-role': yamlResource(CFN_HEADER),
  'yaml:lmi-operator-role-inline': yamlResource(CFN_HEADER),
  'yaml:lmi-capacity-provider-cfn': yamlResource(CFN_HEADER, operatorRoleYaml),
  'yaml:lmi-capacity-provider-sam': yamlResource(SAM_HEADER),
  'yaml:lmi-function-cfn': yamlResource(CFN_HEADER, operatorRoleYaml + functionRoleYaml + cfnProviderYaml),
  'yaml:lmi-function-sam': yamlResource(SAM_HEADER, samProviderYaml),
  'yaml:lmi-deployer-policy': yamlResource(CFN_HEADER),
  'yaml:lmi-pass-capacity-provider-statement': yamlStatement,
  'json:lambda-pass-role-statement': jsonStatement,
  'yaml:lambda-permission-s3': yamlResource(CFN_HEADER, invokeTargetsYaml),
  'yaml:lambda-permission-sns': yamlResource(CFN_HEADER, invokeTargetsYaml),
  'yaml:lambda-permission-eventbridge': yamlResource(CFN_HEADER, invokeTargetsYaml),
  'yaml:lambda-permission-apigateway': yamlResource(CFN_HEADER, invokeTargetsYaml),
  'yaml:lambda-function-url': yamlResource(CFN_HEADER, invokeTargetsYaml),
  'yaml:lambda-pass-role-statement': yamlStatement,
};

function snippetFiles(): { language: string; snippets: Record<string, Snippet> }[] {
  return readdirSync(SNIPPETS)
    .filter((f) => f.endsWith('.code-snippets'))
    .sort()
    .map((f) => ({ language: f.replace(/\.code-snippets$/, ''), snippets: JSON.parse(readFileSync(join(SNIPPETS, f), 'utf8')) as Record<string, Snippet> }));
}

test('snippet expansion: defaults, choices, mirrors, escapes', () => {
  assert.equal(expandSnippet('${1:Name}: ${2|a,b|} $1 ${1} $0 \\${AWS::Region} ${3:outer ${4:inner}}$3'), 'Name: a Name Name  ${AWS::Region} outer innerouter inner');
});

for (const { language, snippets } of snippetFiles()) {
  for (const [name, snippet] of Object.entries(snippets)) {
    const prefixes = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
    test(`snippet "${name}" (${language}: ${prefixes.join(', ')}) lints without errors or warnings where it goes`, () => {
      const key = `${language}:${prefixes[0]}`;
      const place = PLACEMENT[key];
      assert.ok(place, `add "${key}" to PLACEMENT in test/snippets.test.ts: where does this snippet go?`);
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
      const host = place(expandSnippet(body));
      const result = lint({ name: host.file, text: host.text });
      assert.deepEqual(result.internalErrors, []);
      assert.ok(result.doc && result.doc.kind.kind !== 'none', `the host document is a policy or template:\n${host.text}`);
      const problems = result.findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(
        problems.map((f) => `${f.ruleId} ${JSON.stringify(host.text.slice(f.start, f.end))}: ${f.message}`),
        [],
        `inserted:\n${host.text}`,
      );
    });
  }
}
