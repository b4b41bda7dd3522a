import templatesFile from '../../../data/sam-policy-templates.json';
import { parseJson } from '../parse/json';
import type { Node } from '../parse/tree';
import { policyView, type PolicyView } from './policy';

/**
 * SAM policy templates (`- SQSPollerPolicy: {QueueName: !GetAtt Q.QueueName}`), from samtranslator's
 * policy_templates.json (data/sam-policy-templates.json names the commit).
 */
export interface PolicyTemplate {
  name: string;
  description: string;
  parameters: string[];
  /** The template's policy document, as SAM writes it (`Ref` to its own parameters). */
  definition: unknown;
}

interface TemplatesFile {
  Templates: Record<string, { Definition: unknown; Description: string; Parameters?: Record<string, unknown> }>;
}

let byName: Map<string, PolicyTemplate> | undefined;

export function policyTemplates(): ReadonlyMap<string, PolicyTemplate> {
  if (!byName) {
    byName = new Map();
    for (const [name, t] of Object.entries((templatesFile as TemplatesFile).Templates)) {
      byName.set(name, { name, description: t.Description, parameters: Object.keys(t.Parameters ?? {}), definition: t.Definition });
    }
  }
  return byName;
}

export function policyTemplate(name: string): PolicyTemplate | undefined {
  return policyTemplates().get(name);
}

/**
 * The policy a template entry grants, with the user's parameter values put where the template refers to its
 * parameters. The nodes are synthetic (their offsets are not in the user's document): for evaluation only.
 */
export function expandPolicyTemplate(name: string, parameters: Node | undefined): PolicyView[] {
  const template = policyTemplate(name);
  if (!template) return [];
  const root = parseJson(JSON.stringify(template.definition)).root;
  if (root?.type !== 'object') return [];
  const values = new Map<string, Node>();
  if (parameters?.type === 'object') for (const p of parameters.properties) values.set(p.key, p.value);
  substitute(root, template.parameters, values);
  return policyView(root, 'identity', 'sam-inline');
}

/**
 * Replace `{"Ref": "<TemplateParameter>"}` in the synthetic tree by the node the user gave (an absent one stays a
 * placeholder). It never descends into the user's nodes: those belong to the document and must not change.
 */
function substitute(node: Node, parameters: string[], values: Map<string, Node>): Node {
  switch (node.type) {
    case 'object':
      for (const p of node.properties) p.value = substitute(p.value, parameters, values);
      return node;
    case 'array':
      node.items = node.items.map((item) => substitute(item, parameters, values));
      return node;
    case 'intrinsic': {
      if (node.fn === 'Ref' && node.argument.type === 'string' && parameters.includes(node.argument.value)) {
        return values.get(node.argument.value) ?? node;
      }
      node.argument = substitute(node.argument, parameters, values);
      return node;
    }
    default:
      return node;
  }
}
