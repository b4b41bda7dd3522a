import { child, itemsOf, property, scalarText, type Node, type ObjectNode, type Property } from '../parse/tree';

export interface ResourceView {
  id: string;
  /** The `Resources` entry: its key range is the logical id. */
  entry: Property;
  type: string | undefined;
  node: ObjectNode;
  properties: ObjectNode | undefined;
  /** Rule ids (or `prefix/*`) listed under `Metadata: lambda-iam-lint: ignore:`. */
  ignores: string[];
}

/** The resources of a CloudFormation or SAM template, indexed once per document version. */
export class TemplateView {
  readonly resources: ResourceView[] = [];
  private readonly byId = new Map<string, ResourceView>();
  readonly parameters: Set<string>;

  constructor(
    readonly root: ObjectNode,
    readonly sam: boolean,
  ) {
    const resources = child(root, 'Resources');
    if (resources?.type === 'object') {
      for (const entry of resources.properties) {
        if (entry.value.type !== 'object') continue;
        const properties = child(entry.value, 'Properties');
        const view: ResourceView = {
          id: entry.key,
          entry,
          type: scalarText(child(entry.value, 'Type')),
          node: entry.value,
          properties: properties?.type === 'object' ? properties : undefined,
          ignores: ignoresOf(entry.value),
        };
        this.resources.push(view);
        if (!this.byId.has(entry.key)) this.byId.set(entry.key, view);
      }
    }
    const parameters = child(root, 'Parameters');
    this.parameters = new Set(parameters?.type === 'object' ? parameters.properties.map((p) => p.key) : []);
  }

  resource(id: string): ResourceView | undefined {
    return this.byId.get(id);
  }

  resourcesOfType(...types: string[]): ResourceView[] {
    return this.resources.filter((r) => r.type !== undefined && types.includes(r.type));
  }
}

export function prop(resource: ResourceView, name: string): Node | undefined {
  return child(resource.properties, name);
}

export function propEntry(resource: ResourceView, name: string): Property | undefined {
  return property(resource.properties, name);
}

function ignoresOf(resource: Node): string[] {
  const ignore = child(child(child(resource, 'Metadata'), 'lambda-iam-lint'), 'ignore');
  return itemsOf(ignore)
    .map(scalarText)
    .filter((id): id is string => id !== undefined);
}
