import { samTransform, type TransformMemo } from './sam/transform';
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
  /** For a resource the SAM transform made: the SAM resource as written that it comes from. */
  generatedBy?: ResourceView;
  /** What the SAM transform could not model for it (an unknown policy template on a generated role). */
  unreadable?: string[];
}

/**
 * The resources of a CloudFormation or SAM template, indexed once per document version. For a SAM template,
 * `resources` are what SAM deploys (the SAM transform's output: `AWS::Lambda::Function`, generated roles,
 * permissions, …) and `written` what the template says (`AWS::Serverless::Function`, …): rules read the former.
 */
export class TemplateView {
  readonly resources: ResourceView[];
  /** The resources as written: the same as `resources` for CloudFormation, the SAM resources for SAM. */
  readonly written: ResourceView[];
  private readonly byId = new Map<string, ResourceView>();
  private readonly writtenById = new Map<string, ResourceView>();
  readonly parameters: Set<string>;
  /** For the next version of the document (see `previous`). */
  readonly transformMemo?: TransformMemo;

  /**
   * `previous`: the view of the previous version of the same document (the language server's last lint). A resource
   * whose entry is the same node as then keeps its view, and for SAM what the transform made of it (sam/transform.ts),
   * so what the model memoised on their nodes still holds.
   */
  constructor(
    readonly root: ObjectNode,
    readonly sam: boolean,
    part?: { of: TemplateView; written: ResourceView[]; resources: ResourceView[] },
    previous?: TemplateView,
  ) {
    if (part) {
      // A part of a template (engine/components.ts): the same resource views, only those of one component.
      this.written = part.written;
      this.resources = part.resources;
      for (const r of this.written) if (part.of.writtenById.get(r.id) === r) this.writtenById.set(r.id, r);
      for (const r of this.resources) if (part.of.byId.get(r.id) === r) this.byId.set(r.id, r);
      this.parameters = part.of.parameters;
      return;
    }
    const resources = child(root, 'Resources');
    const before = previous?.sam === sam ? previous : undefined;
    const same = (e: Property, view: ResourceView | undefined): ResourceView | undefined => (view?.entry === e ? view : undefined);
    this.written =
      resources?.type === 'object' ? resources.properties.filter((e) => e.value.type === 'object').map((e) => same(e, before?.writtenById.get(e.key)) ?? resourceView(e)) : [];
    for (const r of this.written) if (!this.writtenById.has(r.id)) this.writtenById.set(r.id, r);
    if (sam) {
      const result = samTransform(root, this.written, before?.transformMemo);
      this.transformMemo = result.memo;
      this.resources = result.entries.map((entry) => {
        const from = result.generated.get(entry);
        if (!from) return this.writtenById.get(entry.key) ?? resourceView(entry);
        const kept = same(entry, before?.byId.get(entry.key));
        return kept && kept.generatedBy === from.source && kept.unreadable === from.unreadable ? kept : resourceView(entry, from.source, from.unreadable);
      });
    } else this.resources = this.written;
    for (const r of this.resources) if (!this.byId.has(r.id)) this.byId.set(r.id, r);
    const parameters = child(root, 'Parameters');
    this.parameters = new Set(parameters?.type === 'object' ? parameters.properties.map((p) => p.key) : []);
  }

  /**
   * The template as if it held only these of its resources (in its order; and everything outside `Resources`): what
   * a rule reads when it is run on one group of resources that reference each other (engine/components.ts).
   */
  part(written: ResourceView[], resources: ResourceView[]): TemplateView {
    return new TemplateView(this.root, this.sam, { of: this, written, resources });
  }

  /** A resource as deployed (for SAM, after the transform). */
  resource(id: string): ResourceView | undefined {
    return this.byId.get(id);
  }

  /** A resource as written in the document. */
  writtenResource(id: string): ResourceView | undefined {
    return this.writtenById.get(id);
  }

  writtenOfType(...types: string[]): ResourceView[] {
    return this.written.filter((r) => r.type !== undefined && types.includes(r.type));
  }

  resourcesOfType(...types: string[]): ResourceView[] {
    return this.resources.filter((r) => r.type !== undefined && types.includes(r.type));
  }
}

/** A value SAM took from `Globals`: written outside the SAM resource that the generated resource comes from. */
export function fromGlobals(resource: ResourceView, node: { start: number }): boolean {
  const source = resource.generatedBy;
  return source !== undefined && (node.start < source.entry.start || node.start > source.entry.end);
}

export function prop(resource: ResourceView, name: string): Node | undefined {
  return child(resource.properties, name);
}

export function propEntry(resource: ResourceView, name: string): Property | undefined {
  return property(resource.properties, name);
}

function resourceView(entry: Property, generatedBy?: ResourceView, unreadable?: string[]): ResourceView {
  const node = entry.value as ObjectNode;
  const properties = child(node, 'Properties');
  return {
    id: entry.key,
    entry,
    type: scalarText(child(node, 'Type')),
    node,
    properties: properties?.type === 'object' ? properties : undefined,
    ignores: generatedBy ? generatedBy.ignores : ignoresOf(node),
    generatedBy,
    unreadable,
  };
}

function ignoresOf(resource: Node): string[] {
  const ignore = child(child(child(resource, 'Metadata'), 'lambda-iam-lint'), 'ignore');
  return itemsOf(ignore)
    .map(scalarText)
    .filter((id): id is string => id !== undefined);
}
