import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function run(args: string[], cwd = ROOT): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const SAM = `Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
  Uploads:
    Type: AWS::S3::Bucket
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      AutoPublishAlias: live
      Policies:
        - DynamoDBReadPolicy:
            TableName: !Ref Orders
      Events:
        Upload:
          Type: S3
          Properties:
            Bucket: !Ref Uploads
            Events: s3:ObjectCreated:*
  External:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      Role: arn:aws:iam::123456789012:role/shared
`;

const CFN = `Resources:
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: ec2.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: all-but-iam
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: sqs:*
                Resource: "*"
              - Effect: Deny
                Action: sqs:Delete*
                Resource: "*"
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt WorkerRole.Arn
  WorkerPermission:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !Ref Worker
      Principal: "123456789012"
`;

function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'lil-permissions-'));
  writeFileSync(join(d, 'sam.yaml'), SAM);
  writeFileSync(join(d, 'cfn.yaml'), CFN);
  writeFileSync(join(d, 'policy.json'), '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}');
  return d;
}

interface Record {
  file: string;
  function: string;
  role: string | null;
  assumableByLambda: boolean | null;
  actions: string[] | null;
  invokers: string[];
}

test('permissions --format json: one object per function, as SAM deploys it', () => {
  const d = dir();
  const r = run(['permissions', '--format', 'json', d]);
  assert.equal(r.code, 0, r.stderr);
  const records = JSON.parse(r.stdout) as Record[];
  for (const rec of records) assert.deepEqual(Object.keys(rec), ['file', 'function', 'role', 'assumableByLambda', 'actions', 'invokers']);
  assert.deepEqual(
    records.map((x) => [x.file.slice(d.length + 1), x.function]),
    [
      ['cfn.yaml', 'Worker'],
      ['sam.yaml', 'Api'],
      ['sam.yaml', 'External'],
    ],
    'files in a stable order, policies skipped',
  );
  const [worker, api, external] = records;
  // A role Lambda cannot assume; sqs:* less the unconditional Deny of sqs:Delete*.
  assert.equal(worker.role, 'WorkerRole');
  assert.equal(worker.assumableByLambda, false);
  assert.ok(worker.actions!.includes('sqs:SendMessage') && worker.actions!.includes('sqs:ReceiveMessage'));
  assert.ok(!worker.actions!.some((a) => a.startsWith('sqs:Delete')), worker.actions!.join(','));
  assert.ok(worker.actions!.every((a) => a.startsWith('sqs:')));
  assert.deepEqual(worker.invokers, ['123456789012']);
  // SAM: the generated role with the basic policy and DynamoDBReadPolicy; the S3 event's permission is on the alias.
  assert.equal(api.role, 'ApiRole');
  assert.equal(api.assumableByLambda, true);
  assert.deepEqual(api.actions!.filter((a) => a.startsWith('logs:')), ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents']);
  assert.ok(api.actions!.includes('dynamodb:GetItem') && api.actions!.includes('dynamodb:Query'));
  assert.ok(!api.actions!.includes('dynamodb:PutItem'));
  assert.deepEqual([...api.actions!].sort(), api.actions, 'sorted');
  assert.deepEqual(api.invokers, ['s3.amazonaws.com']);
  // A role outside the template: as written, nothing known about it.
  assert.deepEqual(external, { file: external.file, function: 'External', role: 'arn:aws:iam::123456789012:role/shared', assumableByLambda: null, actions: null, invokers: [] });
});

test('permissions, stylish: by function, role and trust, actions by service and access level, invokers', () => {
  const d = dir();
  const r = run(['permissions', join(d, 'cfn.yaml'), join(d, 'sam.yaml')]);
  assert.equal(r.code, 0, r.stderr);
  const out = r.stdout;
  assert.match(out, /^ {2}Worker$/m);
  assert.match(out, /role {6}WorkerRole, NOT trusted by lambda\.amazonaws\.com/);
  assert.match(out, /role {6}ApiRole \(generated by SAM\), trusted by lambda\.amazonaws\.com/);
  assert.match(out, /^ {6}dynamodb {2}.*Read: [A-Za-z, ]*GetItem/m);
  assert.match(out, /^ {6}logs {6}Write: CreateLogGroup, CreateLogStream, PutLogEvents$/m);
  assert.match(out, /invokers {2}s3\.amazonaws\.com/);
  assert.match(out, /actions {3}not known here: the role is defined outside this template/);
  assert.match(out, /3 functions in 2 templates\n$/);
});

test('permissions: bad usage and missing files', () => {
  assert.equal(run(['permissions']).code, 2);
  assert.match(run(['permissions', '--format', 'sarif', 'examples/']).stderr, /unknown format "sarif"/);
  const missing = run(['permissions', 'no-such-dir/']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /no-such-dir\/: no such file or directory/);
  assert.match(run(['permissions', '--help']).stdout, /Usage: lambda-iam-lint permissions/);
});
