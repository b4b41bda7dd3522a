import { child, scalarText, type Node, type ObjectNode, type Property } from '../../parse/tree';
import type { ResourceView } from '../template';
import { transformApi, transformHttpApi, transformWebSocketApi, transformGraphQlApi, implicitApis } from './api';
import { transformCapacityProvider } from './capacity-provider';
import { transformConnectors } from './connectors';
import { transformFunction } from './function';
import { mergeGlobals } from './globals';
import { transformStateMachine } from './state-machine';
import { obj, type Anchor } from './synthetic';

/** Where a resource the transform made comes from. */
export interface GeneratedFrom {
  /** The SAM resource as written (its entry and nodes are the document's). */
  source: ResourceView;
  /** What SAM generates that the linter does not model (an unknown policy template): the role is then incomplete. */
  unreadable: string[];
}

/** The CloudFormation-level resources a SAM template deploys, each generated one with its SAM source. */
export interface SamTransformResult {
  entries: Property[];
  generated: Map<Property, GeneratedFrom>;
}

/**
 * samtranslator's `translate()` as far as permissions go: every `AWS::Serverless::*` resource becomes the
 * CloudFormation resources SAM generates for it (`SamFunction.to_cloudformation()` and its event sources, the
 * generated roles, connectors), with `Globals` merged first. Other resources pass through untouched.
 * https://github.com/aws/serverless-application-model/blob/develop/samtranslator/model/sam_resources.py
 */
export class SamTransformer {
  readonly entries: Property[] = [];
  readonly generated = new Map<Property, GeneratedFrom>();
  private readonly ids = new Set<string>();
  private readonly byId: Map<string, ResourceView>;

  constructor(
    readonly root: ObjectNode,
    readonly written: readonly ResourceView[],
  ) {
    this.byId = new Map(written.map((r) => [r.id, r]));
  }

  /** A resource as written in the template (SAM or not). */
  writtenResource(id: string): ResourceView | undefined {
    return this.byId.get(id);
  }

  /** The written resource's properties with `Globals` merged in. */
  properties(resource: ResourceView): ObjectNode | undefined {
    return mergeGlobals(this.root, resource.type, resource.properties);
  }

  /**
   * Adds a generated resource. `entry` (the written one) keeps a finding about the resource itself on the SAM
   * resource's logical id; otherwise the resource's key is the anchor.
   */
  add(id: string, type: string, properties: ObjectNode, source: ResourceView, at: Anchor, options: { entry?: Property; unreadable?: string[]; extra?: Record<string, Node> } = {}): void {
    if (this.ids.has(id)) return;
    this.ids.add(id);
    const node = obj(at, { Type: type, Properties: properties, ...options.extra });
    const written = options.entry;
    const entry: Property = written
      ? { ...written, value: node }
      : { key: id, keyStart: at.start, keyEnd: at.end, value: node, start: at.start, end: at.end, generated: true };
    this.entries.push(entry);
    this.generated.set(entry, { source, unreadable: options.unreadable ?? [] });
  }

  /** Keeps a resource that is not SAM's as written. */
  keep(resource: ResourceView): void {
    if (this.ids.has(resource.id)) return;
    this.ids.add(resource.id);
    this.entries.push(resource.entry);
  }

  /** The implicit APIs (`ServerlessRestApi`, `ServerlessHttpApi`) events without an API id go to, first user first. */
  readonly implicit = new Map<string, ResourceView>();

  implicitApi(id: string | undefined, user: ResourceView): void {
    if (id && !this.implicit.has(id)) this.implicit.set(id, user);
  }

  has(id: string): boolean {
    return this.ids.has(id) || this.byId.has(id);
  }
}

export function samTransform(root: ObjectNode, written: readonly ResourceView[]): SamTransformResult {
  const t = new SamTransformer(root, written);
  // Written resources keep their ids first, as SAM keeps them.
  for (const r of written) if (!r.type?.startsWith('AWS::Serverless::')) t.keep(r);
  for (const r of written) {
    switch (r.type) {
      case 'AWS::Serverless::Function':
        transformFunction(t, r);
        break;
      case 'AWS::Serverless::Api':
        transformApi(t, r);
        break;
      case 'AWS::Serverless::HttpApi':
        transformHttpApi(t, r);
        break;
      case 'AWS::Serverless::WebSocketApi':
        transformWebSocketApi(t, r);
        break;
      case 'AWS::Serverless::StateMachine':
        transformStateMachine(t, r);
        break;
      case 'AWS::Serverless::CapacityProvider':
        transformCapacityProvider(t, r);
        break;
      case 'AWS::Serverless::SimpleTable':
        t.add(r.id, 'AWS::DynamoDB::Table', t.properties(r) ?? obj(anchorKey(r), {}), r, anchorKey(r), { entry: r.entry });
        break;
      case 'AWS::Serverless::LayerVersion':
        t.add(r.id, 'AWS::Lambda::LayerVersion', t.properties(r) ?? obj(anchorKey(r), {}), r, anchorKey(r), { entry: r.entry });
        break;
      case 'AWS::Serverless::Application':
        t.add(r.id, 'AWS::CloudFormation::Stack', obj(anchorKey(r), {}), r, anchorKey(r), { entry: r.entry });
        break;
      case 'AWS::Serverless::GraphQLApi':
        transformGraphQlApi(t, r);
        break;
      case 'AWS::Serverless::Connector':
        break;
      default:
        // An unknown AWS::Serverless:: type is SAM's error to report; the resource stays visible as written.
        if (r.type?.startsWith('AWS::Serverless::')) t.keep(r);
    }
  }
  implicitApis(t);
  transformConnectors(t);
  return { entries: t.entries, generated: t.generated };
}

export function anchorKey(r: ResourceView): Anchor {
  return { start: r.entry.keyStart, end: r.entry.keyEnd };
}

/** `Type` of an event or connector end, as written. */
export function typeOf(node: Node | undefined): string | undefined {
  return scalarText(child(node, 'Type'));
}
