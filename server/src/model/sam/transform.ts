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
  /** What the transform of each written resource did, for the next version of the document ({@link samTransform}). */
  memo: TransformMemo;
}

/**
 * One thing the transform of a written resource did: added a resource (`entry`; none when its id was taken then) or
 * named an implicit API.
 */
type Step = { id: string; entry: Property; unreadable: string[] } | { id: string; entry?: undefined } | { implicitApi: string };

/**
 * What transforming each written SAM resource added, by the resource's entry (the parse's own `Property`), and the
 * sections outside `Resources` those transforms read. A resource's transform reads only the resource, `Globals` and
 * `Parameters`: with the same three nodes it does the same, so the next version of the document takes its steps
 * again instead (the language server, where an edit leaves the other resources' nodes as they were).
 */
export interface TransformMemo {
  globals: Node | undefined;
  parameters: Node | undefined;
  steps: Map<Property, Step[]>;
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
  /** The steps of the resource being transformed, while one is; `undefined` once it did something not replayable. */
  private recording?: { resource: ResourceView; steps: Step[] | undefined };

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
    const recording = this.recording;
    if (recording && source !== recording.resource) recording.steps = undefined;
    if (this.ids.has(id)) {
      recording?.steps?.push({ id });
      return;
    }
    this.ids.add(id);
    const node = obj(at, { Type: type, Properties: properties, ...options.extra });
    const written = options.entry;
    const entry: Property = written
      ? { ...written, value: node }
      : { key: id, keyStart: at.start, keyEnd: at.end, value: node, start: at.start, end: at.end, generated: true };
    const unreadable = options.unreadable ?? [];
    this.entries.push(entry);
    this.generated.set(entry, { source, unreadable });
    recording?.steps?.push({ id, entry, unreadable });
  }

  /**
   * Transforms one written resource, or takes the steps its transform took in the previous version of the document
   * when that transform read the same nodes. Returns the steps, `undefined` when they cannot be taken again.
   */
  transformOnce(resource: ResourceView, previous: Step[] | undefined, transform: () => void): Step[] | undefined {
    if (previous && this.replay(resource, previous)) return previous;
    this.recording = { resource, steps: [] };
    try {
      transform();
      return this.recording.steps;
    } finally {
      this.recording = undefined;
    }
  }

  /** Takes the steps again if every resource id is as free or as taken as it was then (and only then). */
  private replay(resource: ResourceView, steps: readonly Step[]): boolean {
    const taken = new Set<string>();
    for (const step of steps) {
      if ('implicitApi' in step) continue;
      const was = this.ids.has(step.id) || taken.has(step.id);
      if (step.entry === undefined ? !was : was) return false;
      taken.add(step.id);
    }
    for (const step of steps) {
      if ('implicitApi' in step) {
        this.implicitApi(step.implicitApi, resource);
        continue;
      }
      if (step.entry === undefined) continue;
      this.ids.add(step.id);
      this.entries.push(step.entry);
      this.generated.set(step.entry, { source: resource, unreadable: step.unreadable });
    }
    return true;
  }

  /** Keeps a resource that is not SAM's as written. */
  keep(resource: ResourceView): void {
    if (this.recording) this.recording.steps = undefined;
    if (this.ids.has(resource.id)) return;
    this.ids.add(resource.id);
    this.entries.push(resource.entry);
  }

  /** The implicit APIs (`ServerlessRestApi`, `ServerlessHttpApi`) events without an API id go to, first user first. */
  readonly implicit = new Map<string, ResourceView>();

  implicitApi(id: string | undefined, user: ResourceView): void {
    const recording = this.recording;
    if (recording) {
      if (user !== recording.resource) recording.steps = undefined;
      else if (id) recording.steps?.push({ implicitApi: id });
    }
    if (id && !this.implicit.has(id)) this.implicit.set(id, user);
  }

  has(id: string): boolean {
    return this.ids.has(id) || this.byId.has(id);
  }
}

/**
 * The transform of a template; `previous`, the memo of the previous version of the same document: a written resource
 * whose entry is the same node as then, with the same `Globals` and `Parameters`, gets the generated resources it got
 * then (the same objects, so what the model memoised on them holds too).
 */
export function samTransform(root: ObjectNode, written: readonly ResourceView[], previous?: TransformMemo): SamTransformResult {
  const t = new SamTransformer(root, written);
  const globals = child(root, 'Globals');
  const parameters = child(root, 'Parameters');
  const memo: TransformMemo = { globals, parameters, steps: new Map() };
  const earlier = previous && previous.globals === globals && previous.parameters === parameters ? previous.steps : undefined;
  // Written resources keep their ids first, as SAM keeps them.
  for (const r of written) if (!r.type?.startsWith('AWS::Serverless::')) t.keep(r);
  for (const r of written) {
    if (!r.type?.startsWith('AWS::Serverless::') || r.type === 'AWS::Serverless::Connector') continue;
    const steps = t.transformOnce(r, earlier?.get(r.entry), () => transformResource(t, r));
    if (steps) memo.steps.set(r.entry, steps);
  }
  implicitApis(t);
  transformConnectors(t);
  return { entries: t.entries, generated: t.generated, memo };
}

/** What SAM makes of one written `AWS::Serverless::*` resource (connectors are made after all of them). */
function transformResource(t: SamTransformer, r: ResourceView): void {
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
    default:
      // An unknown AWS::Serverless:: type is SAM's error to report; the resource stays visible as written.
      t.keep(r);
  }
}

export function anchorKey(r: ResourceView): Anchor {
  return { start: r.entry.keyStart, end: r.entry.keyEnd };
}

/** `Type` of an event or connector end, as written. */
export function typeOf(node: Node | undefined): string | undefined {
  return scalarText(child(node, 'Type'));
}
