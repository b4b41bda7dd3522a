import templatesFile from '../../../data/sam-policy-templates.json';
import { boundedMemo } from '../iam/bounded-memo';
import { parseJson } from '../parse/json';
import type { Node, Property } from '../parse/tree';
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
  const definition = template ? parsedDefinition(template) : undefined;
  if (!template || definition?.type !== 'object') return [];
  const values = new Map<string, Node>();
  if (parameters?.type === 'object') for (const p of parameters.properties) values.set(p.key, p.value);
  return policyView(substitute(definition, template.parameters, values), 'identity', 'sam-inline');
}

/**
 * The policy document a template entry makes, as the SAM transform puts it into the generated role: every node of
 * the template's own text is generated and anchored on the entry (`at`), the user's parameter values are theirs.
 */
export function policyTemplateDocument(name: string, parameters: Node | undefined, at: { start: number; end: number }): Node | undefined {
  const template = policyTemplate(name);
  const definition = template ? parsedDefinition(template) : undefined;
  if (!template || definition?.type !== 'object') return undefined;
  // The anchored copy depends on nothing but the template and the anchor: an entry the last keystroke did not move
  // gets the same (never changed) tree again, and what the model cached on its nodes with it.
  const anchored = anchoredDefinitions(`${name}\u0000${at.start}\u0000${at.end}`, () => reanchor(definition, at));
  // So does the document with the user's values in it, while the entry's values are the same nodes (an edit elsewhere
  // in the function keeps them: parse/incremental.ts).
  const key = parameters ?? NO_PARAMETERS;
  let byAnchored = substituted.get(key);
  if (!byAnchored) substituted.set(key, (byAnchored = new WeakMap()));
  let document = byAnchored.get(anchored);
  if (!document) {
    const values = new Map<string, Node>();
    if (parameters?.type === 'object') for (const p of parameters.properties) values.set(p.key, p.value);
    byAnchored.set(anchored, (document = substitute(anchored, template.parameters, values)));
  }
  return document;
}

const NO_PARAMETERS: Node = { type: 'null', raw: '', style: 'plain', start: 0, end: 0 };
const substituted = new WeakMap<Node, WeakMap<Node, Node>>();

const anchoredDefinitions = boundedMemo<Node>(1000);

/** A copy of the definition with every node at the anchor; built field by field (spreads made this the hot spot). */
function reanchor(node: Node, at: { start: number; end: number }): Node {
  const { start, end } = at;
  switch (node.type) {
    case 'object': {
      const properties: Property[] = new Array(node.properties.length);
      for (let i = 0; i < properties.length; i++) {
        const p = node.properties[i]!;
        properties[i] = { key: p.key, keyStart: start, keyEnd: end, value: reanchor(p.value, at), start, end, generated: true };
      }
      return { type: 'object', properties, flow: node.flow, start, end, generated: true };
    }
    case 'array': {
      const items: Node[] = new Array(node.items.length);
      for (let i = 0; i < items.length; i++) items[i] = reanchor(node.items[i]!, at);
      return { type: 'array', items, flow: node.flow, start, end, generated: true };
    }
    case 'intrinsic':
      return { type: 'intrinsic', fn: node.fn, form: node.form, nameStart: start, nameEnd: end, argument: reanchor(node.argument, at), start, end, generated: true };
    case 'string':
      return { type: 'string', value: node.value, style: node.style, start, end, generated: true };
    case 'number':
      return { type: 'number', value: node.value, raw: node.raw, style: node.style, start, end, generated: true };
    case 'boolean':
      return { type: 'boolean', value: node.value, raw: node.raw, style: node.style, start, end, generated: true };
    case 'null':
      return { type: 'null', raw: node.raw, style: node.style, start, end, generated: true };
  }
}

const definitions = new Map<string, Node | undefined>();

/** A template's definition as a tree, parsed once per process and never changed (substitution copies). */
function parsedDefinition(template: PolicyTemplate): Node | undefined {
  if (!definitions.has(template.name)) definitions.set(template.name, parseJson(JSON.stringify(template.definition)).root);
  return definitions.get(template.name);
}

/**
 * The definition with `{"Ref": "<TemplateParameter>"}` replaced by the node the user gave (an absent one stays a
 * placeholder). Copy on write: the cached definition is shared, and the user's nodes belong to the document.
 */
function substitute(node: Node, parameters: string[], values: Map<string, Node>): Node {
  switch (node.type) {
    case 'object': {
      let changed = false;
      const properties = node.properties.map((p) => {
        const value = substitute(p.value, parameters, values);
        if (value === p.value) return p;
        changed = true;
        return { ...p, value };
      });
      return changed ? { ...node, properties } : node;
    }
    case 'array': {
      const items = node.items.map((item) => substitute(item, parameters, values));
      return items.some((item, i) => item !== node.items[i]) ? { ...node, items } : node;
    }
    case 'intrinsic': {
      if (node.fn === 'Ref' && node.argument.type === 'string' && parameters.includes(node.argument.value)) {
        return values.get(node.argument.value) ?? node;
      }
      const argument = substitute(node.argument, parameters, values);
      return argument === node.argument ? node : { ...node, argument };
    }
    default:
      return node;
  }
}
