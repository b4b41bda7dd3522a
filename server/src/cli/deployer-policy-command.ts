import { readFileSync } from 'node:fs';
import { LineIndex } from '../engine/line-index';
import { buildModel } from '../model/document';
import { checkDeployerPolicy } from '../model/deployer/check';
import type { DeployTarget } from '../model/deployer/generate';
import { deployerPolicyText, templateDeployerPolicy } from '../model/deployer/output';
import { formatJson } from './format-json';
import { formatStylish } from './format-stylish';
import type { CliIo } from './main';
import type { FileFinding } from './report';

export const DEPLOYER_POLICY_USAGE = `Usage: lambda-iam-lint deployer-policy [options] <template>

Prints the least-privilege IAM policy an identity needs to deploy the template with its own credentials
(sam deploy / CloudFormation change sets): each resource's CloudFormation handler permissions, iam:PassRole
and lambda:PassCapacityProvider scoped to the template's own roles and capacity providers.

Options:
  -f, --format <json|yaml>     output format (default: json); with --check: stylish or json
      --partition <p>          ARN partition (default: aws)
      --region <r>             Region (default: *)
      --account <a>            account id (default: *)
      --stack-name <s>         stack name (default: *)
      --check <policy.json>    compare an existing deployer policy with what the template needs instead;
                               exit 1 when something is missing or broader than needed
  -h, --help                   print this help and exit`;

class UsageError extends Error {}

interface Options {
  format?: string;
  target: DeployTarget;
  check?: string;
  template?: string;
}

function parseArgs(argv: readonly string[]): Options | 'help' {
  const options: Options = { target: { partition: 'aws', region: '*', account: '*', stackName: '*' } };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (pattern: RegExp, what: string): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      if (!pattern.test(v)) throw new UsageError(`${flag} "${v}" is not ${what}`);
      return v;
    };
    switch (flag) {
      case '-h':
      case '--help':
        return 'help';
      case '-f':
      case '--format':
        options.format = value(/^(json|yaml|stylish)$/, 'json, yaml or stylish');
        break;
      case '--partition':
        options.target.partition = value(/^aws[a-z-]*$/, 'a partition (aws, aws-cn, aws-us-gov, …)');
        break;
      case '--region':
        options.target.region = value(/^(\*|[a-z]{2}(-[a-z]+)+-\d)$/, 'a Region such as us-east-1');
        break;
      case '--account':
        options.target.account = value(/^(\*|\d{12})$/, 'a 12-digit account id');
        break;
      case '--stack-name':
        options.target.stackName = value(/^(\*|[A-Za-z][A-Za-z0-9-]{0,127})$/, 'a stack name');
        break;
      case '--check':
        options.check = value(/./, 'a file');
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        if (options.template !== undefined) throw new UsageError('give one template');
        options.template = arg;
    }
  }
  if (options.template === undefined) throw new UsageError('no template given');
  if (options.check && options.format === 'yaml') throw new UsageError('--check reports findings: use --format stylish or json');
  if (!options.check && options.format === 'stylish') throw new UsageError('the policy is printed as json or yaml');
  return options;
}

function read(file: string, io: CliIo): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    io.stderr(`lambda-iam-lint: ${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})\n`);
    return undefined;
  }
}

/** `lambda-iam-lint deployer-policy …`: returns the exit code. */
export function runDeployerPolicy(argv: readonly string[], io: CliIo): number {
  let options: Options | 'help';
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr(`lambda-iam-lint deployer-policy: ${e.message}\n\n${DEPLOYER_POLICY_USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    io.stdout(`${DEPLOYER_POLICY_USAGE}\n`);
    return 0;
  }
  const file = options.template!;
  const text = read(file, io);
  if (text === undefined) return 2;
  const generated = templateDeployerPolicy(file, text, options.target);
  if (!generated.ok) {
    io.stderr(`lambda-iam-lint deployer-policy: ${file}: ${generated.message}\n`);
    return 2;
  }
  const { policy } = generated;
  if (!options.check) {
    io.stdout(deployerPolicyText(policy, options.format === 'yaml' ? 'yaml' : 'json'));
    for (const note of policy.notes) io.stderr(`note: ${note}\n`);
    return 0;
  }
  const policyFile = options.check;
  const policyText = read(policyFile, io);
  if (policyText === undefined) return 2;
  const policyDoc = buildModel(policyFile, policyText, { policyKind: 'identity' });
  if (!policyDoc || policyDoc.kind.kind !== 'policy') {
    io.stderr(`lambda-iam-lint deployer-policy: ${policyFile}: is not an IAM policy document\n`);
    return 2;
  }
  const lines = new LineIndex(policyText);
  const findings: FileFinding[] = checkDeployerPolicy(policyDoc, policy, options.target).map((f) => ({
    file: policyFile,
    rule: f.kind === 'missing' ? 'deployer-policy/missing' : 'deployer-policy/broader',
    severity: f.kind === 'missing' ? 'error' : 'warning',
    message: f.message,
    range: { start: lines.positionAt(f.start), end: lines.positionAt(f.end) },
    fixes: [],
  }));
  io.stdout(options.format === 'json' ? `${formatJson(findings)}\n` : formatStylish(findings, io.color));
  return findings.length > 0 ? 1 : 0;
}
