import { defineRule } from '../../engine/rule';

/** Reported by the engine from the parsers' problems; this declaration gives it docs, a severity and an id to configure. */
export default defineRule({
  meta: {
    id: 'parse/syntax',
    severity: 'error',
    summary: 'The document is not valid JSON or YAML',
    description:
      'A policy or template that does not parse cannot be deployed, and nothing else in it can be checked reliably. ' +
      'YAML is read as CloudFormation reads it (YAML 1.1, flow collections free of indentation rules), and a ' +
      'document gets at most one syntax error, where the problem starts, in words: the flow collection that is ' +
      'never closed, the bracket that closes the wrong one, the quoted string that is never closed (where its quote is, not where the document ends). When the error lies inside one top-level resource, that resource is left ' +
      'out and the others are still linted. Unknown YAML tags (anything but the CloudFormation ' +
      'short forms such as `!Ref` and `!Sub`), a second YAML document and nesting deeper than 256 levels are reported ' +
      'here too; those are warnings when the rest of the document can still be read.',
    source: 'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html',
    accessAnalyzer: ['JSON_SYNTAX_ERROR'],
    messages: { default: '{{message}}' },
    examples: {
      valid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
      invalid: [{ file: 'policy.json', code: '{\n  "Version": "2012-10-17",\n  "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject" "Resource": "arn:aws:s3:::my-bucket/*" }]\n}\n' }],
    },
  },
});
