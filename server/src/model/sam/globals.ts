import { child, type ArrayNode, type Node, type ObjectNode, type Property } from '../../parse/tree';

/**
 * SAM's `Globals` (samtranslator `plugins/globals/globals.py`, `GlobalProperties._do_merge`): for each resource of a
 * type, its properties are the Globals section of that type merged with its own —
 * - both maps: merged key by key, recursively (an intrinsic counts as a value, not a map);
 * - both lists: the Globals items, then the resource's own;
 * - anything else: the resource's value wins.
 * A property SAM does not allow in Globals makes SAM reject the template, so whatever a Globals section holds is
 * merged; the resource's own properties that Globals never supply are left as written.
 * https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html
 */
export const GLOBALS_SECTIONS: Readonly<Record<string, string>> = {
  'AWS::Serverless::Function': 'Function',
  'AWS::Serverless::Api': 'Api',
  'AWS::Serverless::HttpApi': 'HttpApi',
  'AWS::Serverless::WebSocketApi': 'WebSocketApi',
  'AWS::Serverless::SimpleTable': 'SimpleTable',
  'AWS::Serverless::StateMachine': 'StateMachine',
  'AWS::Serverless::LayerVersion': 'LayerVersion',
  'AWS::Serverless::CapacityProvider': 'CapacityProvider',
};

/** Never taken from Globals (SAM rejects them there): a function's own identity and wiring. */
const NOT_GLOBAL: Readonly<Record<string, ReadonlySet<string>>> = {
  Function: new Set(['Role', 'Policies', 'FunctionName', 'Events']),
  CapacityProvider: new Set(['CapacityProviderName']),
};

export function globalsSection(root: ObjectNode, resourceType: string | undefined): ObjectNode | undefined {
  const name = resourceType ? GLOBALS_SECTIONS[resourceType] : undefined;
  const section = name ? child(child(root, 'Globals'), name) : undefined;
  return section?.type === 'object' ? section : undefined;
}

/**
 * The resource's properties with its Globals merged in. Without Globals it is the document's own object (so fixes
 * still edit it); a merged map is made anew, holding the document's own properties and values.
 */
export function mergeGlobals(root: ObjectNode, resourceType: string | undefined, properties: ObjectNode | undefined): ObjectNode | undefined {
  const section = globalsSection(root, resourceType);
  if (!section) return properties;
  const skip = NOT_GLOBAL[GLOBALS_SECTIONS[resourceType!]] ?? new Set<string>();
  const globals: ObjectNode = { ...section, properties: section.properties.filter((p) => !skip.has(p.key)) };
  if (!properties) return globals.properties.length ? { ...globals, generated: true } : undefined;
  return mergeMaps(globals, properties);
}

function merge(global: Node, local: Node): Node {
  if (global.type === 'object' && local.type === 'object') return mergeMaps(global, local);
  if (global.type === 'array' && local.type === 'array') return mergeLists(global, local);
  return local;
}

function mergeMaps(global: ObjectNode, local: ObjectNode): ObjectNode {
  if (global.properties.length === 0) return local;
  const properties: Property[] = global.properties.slice();
  for (const p of local.properties) {
    const i = properties.findIndex((g) => g.key === p.key);
    if (i < 0) properties.push(p);
    else properties[i] = { ...p, value: merge(properties[i].value, p.value) };
  }
  return { ...local, properties, generated: true };
}

function mergeLists(global: ArrayNode, local: ArrayNode): ArrayNode {
  if (global.items.length === 0) return local;
  return { ...local, items: [...global.items, ...local.items], generated: true };
}
