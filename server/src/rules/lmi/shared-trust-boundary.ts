import { defineRule } from '../../engine/rule';
import { managedInstances, type TagView } from '../../model/capacity-providers';

export default defineRule({
  meta: {
    id: 'lmi/shared-trust-boundary',
    severity: 'warning',
    summary: 'Functions of different trust levels should not share a capacity provider',
    description:
      'Lambda Managed Instances use capacity providers as trust boundaries: functions on one capacity provider run in ' +
      'containers on the same EC2 instances, and containers are not a security boundary. AWS: "All functions assigned ' +
      'to the same capacity provider must be mutually trusted"; separate workloads that are not by using different ' +
      'capacity providers.\n\nThe rule compares, for each capacity provider of the template, the tags that say a trust ' +
      'level: the keys in the `lambdaIamLint.trustTagKeys` setting (default `TrustLevel`, `trust-level`, `Environment`, ' +
      '`env`), read from SAM `Tags` maps (with `Globals`) and CloudFormation `Tags` lists. A function whose value differs ' +
      'from the capacity provider\'s, or (when the provider has none) from the first function on it, is reported. ' +
      'Values are compared ignoring case; a function without the tag, or with a value from an intrinsic, is not judged.',
    source: 'https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances-security.html',
    messages: {
      differsFromProvider: 'Function {{fn}} has {{key}} "{{value}}" but its capacity provider {{provider}} has {{key}} "{{expected}}": functions on one capacity provider must be mutually trusted.',
      differsFromFunction: 'Function {{fn}} has {{key}} "{{value}}" but {{other}}, on the same capacity provider {{provider}}, has "{{expected}}": put workloads of different trust levels on different capacity providers.',
    },
    examples: {
      valid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      Tags:\n        TrustLevel: trusted\n  OrdersFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      MemorySize: 2048\n      AutoPublishAlias: live\n      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n      Tags:\n        TrustLevel: trusted\n',
        },
      ],
      invalid: [
        {
          file: 'template.yaml',
          code:
            'Transform: AWS::Serverless-2016-10-31\nResources:\n  CapacityProvider:\n    Type: AWS::Serverless::CapacityProvider\n    Properties:\n      CapacityProviderName: production-trusted\n      VpcConfig:\n        SubnetIds: [subnet-0a1b2c3d, subnet-4e5f6a7b]\n        SecurityGroupIds: [sg-0a1b2c3d]\n      Tags:\n        TrustLevel: trusted\n  PluginRunner:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n      Handler: app.handler\n      CodeUri: src/\n      MemorySize: 2048\n      AutoPublishAlias: live\n      CapacityProviderConfig:\n        Arn: !GetAtt CapacityProvider.Arn\n      Tags:\n        TrustLevel: untrusted\n',
        },
      ],
    },
  },
  check({ doc, config, report }) {
    if (!doc.template) return;
    const lmi = managedInstances(doc.template);
    const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
    const tag = (tags: TagView[], key: string) => tags.find((t) => t.key === key && t.value !== undefined);
    for (const provider of lmi.providers) {
      const functions = lmi.functionsOn(provider);
      for (const key of config.trustTagKeys) {
        const expected = tag(provider.tags, key);
        let first: { fn: string; tag: TagView } | undefined;
        for (const fn of functions) {
          const t = tag(fn.tags, key);
          if (!t) continue;
          const data = { fn: fn.resource.id, key, value: t.value!, provider: provider.resource.id };
          if (expected) {
            if (!same(t.value!, expected.value!)) report(t.node, 'differsFromProvider', { ...data, expected: expected.value! });
          } else if (!first) first = { fn: fn.resource.id, tag: t };
          else if (!same(t.value!, first.tag.value!)) report(t.node, 'differsFromFunction', { ...data, other: first.fn, expected: first.tag.value! });
        }
      }
    }
  },
});
