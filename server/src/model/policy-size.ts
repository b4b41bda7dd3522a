import { scalarText, type IntrinsicNode, type Node } from '../parse/tree';
import { alternatives, isNoValue } from './policy';

/**
 * The fewest characters a policy document can have once deployed, counted as IAM counts its size quotas: the JSON
 * text without whitespace (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). Whitespace
 * inside strings is left out too and escapes are not counted, so the figure is a lower bound either way.
 * CloudFormation intrinsics count what they must at least produce: `!Ref AWS::AccountId` 12 digits, the literal
 * text of a `!Sub`, the shorter branch of an `!If`, nothing for a property `AWS::NoValue` may remove, and nothing
 * for values only deployment knows (a parameter, `!GetAtt`, `!ImportValue`).
 */
export interface PolicySize {
  size: number;
  /** False when some intrinsic was counted at its minimum: the deployed policy may be longer. */
  exact: boolean;
}

/** Shortest values of the pseudo parameters (`eu-west-1`-length Regions; `aws` partition; `amazonaws.com`). */
const PSEUDO_MIN: Record<string, number> = {
  'AWS::AccountId': 12,
  'AWS::Region': 9,
  'AWS::Partition': 3,
  'AWS::URLSuffix': 13,
  'AWS::StackName': 1,
  'AWS::StackId': 60,
};

export function policySize(node: Node): PolicySize {
  const state = { exact: true };
  return { size: minimal(node, state), exact: state.exact };
}

function compact(text: string): number {
  return text.replace(/\s/g, '').length;
}

function minimal(node: Node, state: { exact: boolean }): number {
  switch (node.type) {
    case 'object': {
      const counted = node.properties
        .map((p) => ({ p, alternatives: alternatives(p.value) }))
        .map(({ p, alternatives: alts }) => {
          if (alts.length === 0 || (p.value.type === 'intrinsic' && alts.length < branches(p.value))) {
            state.exact = false;
            return 0; // `AWS::NoValue` (in some branch) removes the property
          }
          return compact(p.key) + 3 + Math.min(...alts.map((a) => minimal(a, state)));
        })
        .filter((n) => n > 0);
      return 2 + counted.reduce((a, b) => a + b, 0) + Math.max(0, counted.length - 1);
    }
    case 'array': {
      const items = node.items.map((item) => {
        const alts = alternatives(item);
        if (alts.length === 0 || (item.type === 'intrinsic' && alts.length < branches(item))) {
          state.exact = false;
          return 0;
        }
        return Math.min(...alts.map((a) => minimal(a, state)));
      });
      const counted = items.filter((n) => n > 0);
      return 2 + counted.reduce((a, b) => a + b, 0) + Math.max(0, counted.length - 1);
    }
    case 'string':
      return 2 + compact(node.value);
    case 'number':
      return Math.min(node.raw.length, String(node.value).length);
    case 'boolean':
      return String(node.value).length;
    case 'null':
      return 0;
    case 'intrinsic': {
      state.exact = false;
      const text = minimalText(node);
      return text === undefined ? 0 : 2 + text;
    }
  }
}

/** How many values an `!If` tree stands for (NoValue included), to tell when `alternatives` dropped one. */
function branches(node: Node): number {
  if (node.type === 'intrinsic' && node.fn === 'Fn::If' && node.argument.type === 'array' && node.argument.items.length === 3) {
    return branches(node.argument.items[1]) + branches(node.argument.items[2]);
  }
  return 1;
}

/** The fewest characters (without quotes) of the string an intrinsic yields; undefined when it may not be a string. */
function minimalText(node: IntrinsicNode): number | undefined {
  switch (node.fn) {
    case 'Ref': {
      if (isNoValue(node)) return undefined;
      return PSEUDO_MIN[scalarText(node.argument) ?? ''];
    }
    case 'Fn::Sub': {
      const template = node.argument.type === 'array' ? node.argument.items[0] : node.argument;
      const text = scalarText(template);
      if (text === undefined) return 0;
      let length = 0;
      let last = 0;
      for (const m of text.matchAll(/\$\{(!?)([^}]*)\}/g)) {
        length += compact(text.slice(last, m.index));
        length += m[1] === '!' ? compact(m[0]) - 1 : (PSEUDO_MIN[m[2].trim()] ?? 0);
        last = m.index + m[0].length;
      }
      return length + compact(text.slice(last));
    }
    case 'Fn::Join': {
      const arg = node.argument;
      if (arg.type !== 'array' || arg.items.length !== 2 || arg.items[1].type !== 'array') return 0;
      const delimiter = compact(scalarText(arg.items[0]) ?? '');
      const parts = arg.items[1].items;
      const texts = parts.map((p) => Math.min(...alternatives(p).map(partText), Infinity));
      const sum = texts.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
      return sum + delimiter * Math.max(0, parts.length - 1);
    }
    default:
      return undefined;
  }
}

function partText(node: Node): number {
  if (node.type === 'string') return compact(node.value);
  if (node.type === 'number' || node.type === 'boolean') return node.raw.length;
  if (node.type === 'intrinsic') return minimalText(node) ?? 0;
  return 0;
}
