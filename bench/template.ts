/**
 * A realistic SAM template of about `lines` lines for the benchmark: functions with policy templates and inline
 * statements, roles with trust and inline policies, Lambda permissions, buckets and queues, and a few mistakes
 * (one in ten blocks) so the rules have findings to report.
 */
export function generateTemplate(lines: number, seed = 0): string {
  const out: string[] = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Description: benchmark template', 'Resources:'];
  for (let i = 0; out.length < lines - 2; i++) {
    const n = `${seed}x${i}`.replace(/[^A-Za-z0-9]/g, '');
    const broken = i % 10 === 3;
    out.push(
      `  Queue${n}:`,
      '    Type: AWS::SQS::Queue',
      `  Bucket${n}:`,
      '    Type: AWS::S3::Bucket',
      `  Worker${n}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: python3.12',
      '      Handler: app.handler',
      '      CodeUri: src/',
      '      Policies:',
      '        - SQSPollerPolicy:',
      `            QueueName: !GetAtt Queue${n}.QueueName`,
      '        - Version: "2012-10-17"',
      '          Statement:',
      `            - Sid: ReadObjects${i}`,
      `              Effect: ${broken ? 'allow' : 'Allow'}`,
      `              Action: [s3:GetObject, ${broken ? 'dyanmodb:GetItem' : 's3:GetObjectVersion'}]`,
      `              Resource: !Sub "\${Bucket${n}.Arn}/*"`,
      '      Events:',
      '        Poll:',
      '          Type: SQS',
      '          Properties:',
      `            Queue: !GetAtt Queue${n}.Arn`,
      `  Role${n}:`,
      '    Type: AWS::IAM::Role',
      '    Properties:',
      '      AssumeRolePolicyDocument:',
      '        Version: "2012-10-17"',
      '        Statement:',
      '          - Effect: Allow',
      `            Principal: { Service: ${broken ? 'lambda.amazon.com' : 'lambda.amazonaws.com'} }`,
      '            Action: sts:AssumeRole',
      '      ManagedPolicyArns:',
      '        - !Sub arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      '      Policies:',
      '        - PolicyName: write',
      '          PolicyDocument:',
      '            Version: "2012-10-17"',
      '            Statement:',
      '              - Effect: Allow',
      '                Action: [sqs:SendMessage, sqs:GetQueueAttributes]',
      `                Resource: !GetAtt Queue${n}.Arn`,
      `  Invoke${n}:`,
      '    Type: AWS::Lambda::Permission',
      '    Properties:',
      `      FunctionName: !Ref Worker${n}`,
      '      Action: lambda:InvokeFunction',
      '      Principal: s3.amazonaws.com',
      `      SourceArn: !GetAtt Bucket${n}.Arn`,
      ...(broken ? [] : ['      SourceAccount: !Ref AWS::AccountId']),
    );
  }
  return `${out.join('\n')}\n`;
}
