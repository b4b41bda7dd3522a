import { defineRule, keyRange } from '../../engine/rule';
import { managedInstances } from '../../model/capacity-providers';
import { stringValues } from '../../model/values';

// Words that say what a capacity provider may run: a trust level, an environment, a tenancy or data class.
const TRUST_WORDS = [
  'trust', 'sandbox', 'prod', 'dev', 'stag', 'test', 'qa', 'uat', 'preview', 'demo', 'secure', 'isolat', 'internal',
  'external', 'public', 'private', 'restrict', 'sensitiv', 'confidential', 'regulated', 'pci', 'hipaa', 'tenant',
  'customer', 'partner', 'thirdparty', 'third-party', 'vendor', 'shared', 'dedicated', 'tier', 'critical', 'admin',
  'experiment', 'playground', 'research', 'nonprod', 'live',
];
// A `${Stage}`-style parameter in a name usually carries the environment.
const ENVIRONMENT_PARAMETER = /\$\{[^}]*(stage|env|environment|tier|trust)[^}]*\}/i;

export default defineRule({
  meta: {
    id: 'lmi/capacity-provider-name',
    severity: 'hint',
    summary: 'Name a capacity provider after the trust level of what it runs',
    description:
      'A capacity provider is a trust boundary: only mutually trusted functions should share one. AWS recommends ' +
      'descriptive names that indicate the trust level, such as `production-trusted` or `dev-sandbox`, so that whoever ' +
      'attaches a function (and whoever reviews `lambda:PassCapacityProvider` grants) sees what the provider is for. ' +
      'Without `CapacityProviderName`, CloudFormation generates a name that says nothing.\n\nThe rule looks for words ' +
      'such as trusted, sandbox, prod, dev, staging, test, internal, public, restricted, tenant or tier in the name, or a ' +
      '`${Stage}`/`${Environment}` parameter in a `!Sub`; a name only deployment knows is not judged.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html',
    messages: {
      missing: 'Capacity provider {{provider}} has no CapacityProviderName: name it after the trust level of its functions (for example production-trusted or dev-sandbox).',
      vague: 'The name "{{name}}" does not say what trust level capacity provider {{provider}} is for (for example production-trusted or dev-sandbox).',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: my-capacity-provider\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n',
        },
      ],
    },
  },
  check({ doc, report }) {
    if (!doc.template) return;
    for (const provider of managedInstances(doc.template).providers) {
      if (!provider.name) {
        report(keyRange(provider.resource.entry), 'missing', { provider: provider.resource.id });
        continue;
      }
      for (const v of stringValues(provider.name)) {
        if (ENVIRONMENT_PARAMETER.test(v.text)) continue;
        const words = v.text.replace(/\$\{[^}]*\}/g, ' ').toLowerCase();
        if (TRUST_WORDS.some((w) => words.includes(w))) continue;
        if (v.text.includes('${') || !v.literal) continue;
        report(v.node, 'vague', { name: v.text, provider: provider.resource.id });
      }
    }
  },
});
