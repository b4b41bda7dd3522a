// The offline IAM catalogue: services, actions, resource types, condition keys
// and service principals, decoded from generated/iam-catalog.jsonl (written by
// scripts/gen-iam-catalog.mjs, which documents the tuple layout decoded here).
// Everything is loaded on first use and indexed once; lookups are
// case-insensitive, as IAM is for action names and condition keys, and return
// records carrying the canonical spelling so callers can flag casing.

import { openGeneratedLines, type GeneratedLines } from './generated-data';
import { editDistance } from './edit-distance';
import { memoized, memoized2 } from './bounded-memo';

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';

export type ConditionKeyBaseType = 'String' | 'ARN' | 'Bool' | 'Numeric' | 'Date' | 'IPAddress' | 'Binary';
export type ConditionKeyType = ConditionKeyBaseType | `ArrayOf${ConditionKeyBaseType}`;
export type GlobalConditionKeyCategory = 'principal' | 'session' | 'network' | 'resource' | 'request';

export interface CatalogVersion {
  readonly iamDataVersion: string;
  readonly managedPoliciesVersion: string;
  readonly contentHash: string;
}

export interface ServiceRecord {
  /** Canonical (lower-case) service prefix, e.g. `lambda`. */
  readonly prefix: string;
  readonly name: string;
  /** Service Authorization Reference page, derived from the service name by AWS's page naming convention. */
  readonly docsUrl: string;
}

export interface ResourceTypeRecord {
  readonly service: string;
  readonly name: string;
  readonly arnFormats: readonly string[];
  readonly conditionKeys: readonly string[];
}

export interface ActionResourceType {
  readonly name: string;
  readonly required: boolean;
  /** Condition keys the action supports for this resource type. */
  readonly conditionKeys: readonly string[];
  readonly resourceType: ResourceTypeRecord;
}

export interface ActionRecord {
  readonly service: string;
  /** Canonical action name without prefix, e.g. `PassCapacityProvider`. */
  readonly name: string;
  /** `service:Name`, canonical case. */
  readonly fullName: string;
  readonly accessLevel: AccessLevel;
  readonly description: string;
  /** Empty when the action supports no resource-level permissions (Resource must be `*`). */
  readonly resourceTypes: readonly ActionResourceType[];
  readonly conditionKeys: readonly string[];
  readonly docsUrl: string;
}

export interface ConditionKeyRecord {
  /** Canonical name; patterned keys keep their placeholder, e.g. `aws:PrincipalTag/${TagKey}`. */
  readonly name: string;
  /** The part before the first colon (`aws` for global keys). */
  readonly service: string;
  readonly type: ConditionKeyType;
  readonly baseType: ConditionKeyBaseType;
  readonly multivalued: boolean;
  readonly global: boolean;
  readonly category?: GlobalConditionKeyCategory;
  /** The name holds a `${Var}` or `<var>` placeholder matching any non-empty text. */
  readonly pattern: boolean;
  readonly description: string;
  readonly docsUrl: string;
}

export type ServicePrincipalSource = 'reference' | 'lambda-invokers' | 'managed-policies';

export interface ServicePrincipalRecord {
  /** Canonical principal, e.g. `lambda.amazonaws.com`. */
  readonly name: string;
  /** Where the catalogue learnt it: a published principal list, the Lambda invoker docs, or AWS managed policy conditions. */
  readonly sources: readonly ServicePrincipalSource[];
  /** Set when the lookup matched a regional form such as `logs.us-east-1.amazonaws.com`. */
  readonly region?: string;
}

export type SuggestionKind = 'service' | 'action' | 'conditionKey' | 'servicePrincipal';

export interface Suggestion {
  readonly value: string;
  /** Damerau–Levenshtein distance between the lower-cased text and value. */
  readonly distance: number;
}

export interface IamCatalog {
  readonly version: CatalogVersion;
  service(prefix: string): ServiceRecord | undefined;
  services(): readonly ServiceRecord[];
  /** `service:Action`, any case. */
  action(name: string): ActionRecord | undefined;
  actionsOf(service: string): readonly ActionRecord[];
  /** IAM wildcard semantics (`*`, `?`, case-insensitive), also in the service prefix. The list is shared: do not change it. */
  actionsMatching(pattern: string): readonly ActionRecord[];
  resourceType(service: string, name: string): ResourceTypeRecord | undefined;
  /** Undefined when the action is unknown. */
  resourceTypesOf(action: string): readonly ActionResourceType[] | undefined;
  /** The ARN formats of the resource types a service defines. */
  resourceArnFormats(service: string): readonly string[];
  /**
   * Every resource ARN format whose service field is `namespace` (`s3`, `execute-api`), which is not always the prefix
   * of the actions that use them (`ssm` actions take `ec2` instance ARNs); empty for a namespace with none.
   */
  arnFormatsIn(namespace: string): readonly string[];
  /**
   * Does some action of the service that defines this ARN format act on it? A resource type no action names usually
   * means the catalogue merged two pages under one prefix (API Gateway V1 and V2, Elastic Load Balancing V1 and V2)
   * and kept one page's resource lists: its actions' lists are then incomplete. False for a format it does not know.
   */
  arnFormatActedOn(format: string): boolean;
  /** Service or global key, any case; `aws:PrincipalTag/Team` resolves to `aws:PrincipalTag/${TagKey}`. */
  conditionKey(name: string): ConditionKeyRecord | undefined;
  isGlobalConditionKey(name: string): boolean;
  globalConditionKeys(): readonly ConditionKeyRecord[];
  /** Case-insensitive; also resolves regional forms (`logs.<region>.amazonaws.com`) to their global principal. */
  servicePrincipal(name: string): ServicePrincipalRecord | undefined;
  servicePrincipals(): readonly ServicePrincipalRecord[];
  /**
   * A service prefix (`deepracer`) or action (`payments:GetPaymentInstrument`) that a current AWS managed policy uses
   * although the catalogue does not list it: real to AWS, so never an unknown-service or unknown-action error.
   */
  seenInAwsManagedPolicies(serviceOrAction: string): boolean;
  /** Did-you-mean candidates, closest first. */
  suggest(kind: SuggestionKind, text: string, max?: number): Suggestion[];
}

let loaded: IamCatalog | undefined;

export function catalog(): IamCatalog {
  loaded ??= new Catalog(openGeneratedLines<CatalogHeader>('iam-catalog.jsonl', FORMAT));
  return loaded;
}

// --- file format (see scripts/gen-iam-catalog.mjs) ---------------------------

const FORMAT = 4;

type KeyRow = [name: string, type: number, description: string, flags?: number, category?: string];
type ResourceTypeRef = number | [ref: number, keys: number[]];
type ActionRow = [name: string, level: number, description: string, resourceTypes?: ResourceTypeRef[], keys?: number[]];
type ResourceTypeRow = [name: string, arn: string, keys?: number[]];
/** Where the service's line is (`ServiceLine`, read on the service's first use). */
type ServiceRow = [prefix: string, name: string, slug: string, offset: number, length: number];
type ServiceLine = [actions: ActionRow[], resourceTypes: ResourceTypeRow[]];
/** Where a line is in the file: bytes after the header's newline, and its length. */
type LinePlace = [offset: number, length: number];

interface CatalogHeader {
  meta: { format: number; iamDataVersion: string; managedPoliciesVersion: string; contentHash: string };
  accessLevels: AccessLevel[];
  conditionTypes: ConditionKeyType[];
  /** The line of `KeyRow`s: read on the first question about a condition key. */
  conditionKeys: LinePlace;
  services: ServiceRow[];
  servicePrincipals: [name: string, sources: number][];
  /**
   * Where the line of ARN formats whose service field is the namespace is: `[format, actedOn][]`, `actedOn` 1 or 0
   * (see `arnFormatActedOn`). Built by the generator, read on the first question about the namespace.
   */
  arnFormats: [namespace: string, offset: number, length: number][];
  seenInAwsManagedPolicies?: { services: string[]; actions: string[] };
}

const KEY_GLOBAL = 1;
const KEY_PATTERN = 2;
const GRANTS = 'Grants permission to ';
const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference/';
const GLOBAL_KEYS_DOC = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
const PRINCIPAL_SOURCES: [number, ServicePrincipalSource][] = [
  [1, 'reference'],
  [2, 'lambda-invokers'],
  [4, 'managed-policies'],
];
const REGIONAL_PRINCIPAL = /^(.+)\.([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d+)\.amazonaws\.com$/;
const PRINCIPAL_DOMAIN = /\.amazon(?:aws)?\.com(?:\.cn)?$/;
const PLACEHOLDER = /\$\{[^}]+\}|<[^>]+>/g;

// --- in-memory catalogue -------------------------------------------------------

interface ServiceEntry {
  readonly record: ServiceRecord;
  readonly row: ServiceRow;
  decoded?: DecodedService;
}

interface DecodedService {
  readonly actions: ServiceActions;
  readonly resourceTypes: readonly ResourceTypeRecord[];
  readonly resourceTypeByName: Map<string, ResourceTypeRecord>;
}

/**
 * A service's actions from its line: an action's record is made when it is first asked for (EC2 has about 750, of
 * which a template names a few); a pattern is matched against the lower-case names alone.
 */
class ServiceActions {
  /** Lower-case names, in the file's order. */
  readonly names: string[];
  private readonly records: (ActionRecord | undefined)[];
  private readonly index = new Map<string, number>();
  private everything?: ActionRecord[];
  private byLength?: Map<number, string[]>;

  constructor(
    private readonly rows: readonly ActionRow[],
    private readonly decode: (row: ActionRow) => ActionRecord,
  ) {
    this.names = new Array(rows.length);
    this.records = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const lower = rows[i]![0].toLowerCase();
      this.names[i] = lower;
      this.index.set(lower, i);
    }
  }

  /** The action with this lower-case name. */
  named(lower: string): ActionRecord | undefined {
    const i = this.index.get(lower);
    return i === undefined ? undefined : this.at(i);
  }

  at(i: number): ActionRecord {
    return (this.records[i] ??= this.decode(this.rows[i]!));
  }

  all(): readonly ActionRecord[] {
    if (!this.everything) {
      this.everything = new Array(this.rows.length);
      for (let i = 0; i < this.rows.length; i++) this.everything[i] = this.at(i);
    }
    return this.everything;
  }

  /** Lower-case names bucketed by length, for suggestions. */
  namesByLength(): Map<number, string[]> {
    if (!this.byLength) {
      this.byLength = new Map();
      for (const lower of this.names) {
        let bucket = this.byLength.get(lower.length);
        if (!bucket) this.byLength.set(lower.length, (bucket = []));
        bucket.push(lower);
      }
    }
    return this.byLength;
  }
}

interface KeyPattern {
  readonly literalPrefix: string;
  readonly regex: RegExp;
  readonly record: ConditionKeyRecord;
}

/** The condition keys, indexed on the first question about one; a key's record is made when it is first asked for. */
interface KeyTable {
  /** In the file's order: services' lines refer to keys by index. */
  readonly rows: readonly KeyRow[];
  readonly records: (ConditionKeyRecord | undefined)[];
  /** Lower-case name → index. */
  readonly byName: Map<string, number>;
  /** Lower-case key names grouped by the part before the colon, for suggestions. */
  readonly namesByPrefix: Map<string, string[]>;
  /** Most specific first. */
  readonly patterns: KeyPattern[];
  readonly global: ConditionKeyRecord[];
}

class Catalog implements IamCatalog {
  readonly version: CatalogVersion;
  private readonly serviceList: ServiceRecord[];
  private readonly servicesByPrefix = new Map<string, ServiceEntry>();
  private keyTable?: KeyTable;
  private keyRows?: KeyRow[];
  private principalIndex?: { list: ServicePrincipalRecord[]; byName: Map<string, ServicePrincipalRecord> };
  private readonly accessLevels: AccessLevel[];
  private seenIndex?: Set<string>;

  private readonly conditionTypes: ConditionKeyType[];
  /** Namespace (lower case) → where its ARN formats' line is, and the line once read. */
  private readonly arnLines = new Map<string, { at: LinePlace; formats?: string[]; actedOn?: Set<string> }>();
  private readonly conditionKeyLine: LinePlace;

  /**
   * Reads the header only: a service's actions, an ARN namespace's formats and the condition keys are read from their
   * lines on first use.
   */
  constructor(private readonly file: GeneratedLines<CatalogHeader>) {
    const data = file.header;
    const { format: _format, ...version } = data.meta;
    this.version = version;
    this.accessLevels = data.accessLevels;

    this.serviceList = data.services.map((row) => {
      const record: ServiceRecord = { prefix: row[0], name: row[1], docsUrl: `${SAR}list_${row[2]}.html` };
      this.servicesByPrefix.set(row[0].toLowerCase(), { record, row });
      return record;
    });

    this.conditionTypes = data.conditionTypes;
    this.conditionKeyLine = data.conditionKeys;
    for (const [namespace, offset, length] of data.arnFormats) if (!this.arnLines.has(namespace.toLowerCase())) this.arnLines.set(namespace.toLowerCase(), { at: [offset, length] });
  }

  /** The service principals, indexed on the first question about one (most lints ask none). */
  private principals(): { list: ServicePrincipalRecord[]; byName: Map<string, ServicePrincipalRecord> } {
    if (this.principalIndex) return this.principalIndex;
    const byName = new Map<string, ServicePrincipalRecord>();
    const list = this.file.header.servicePrincipals.map(([name, mask]) => {
      const record: ServicePrincipalRecord = { name, sources: PRINCIPAL_SOURCES.filter(([bit]) => mask & bit).map(([, s]) => s) };
      byName.set(name.toLowerCase(), record);
      return record;
    });
    return (this.principalIndex = { list, byName });
  }

  /** The condition keys' rows, by index (a service's actions and resource types name their keys by index). */
  private conditionKeyRows(): readonly KeyRow[] {
    return (this.keyRows ??= this.file.line<KeyRow[]>(...this.conditionKeyLine));
  }

  private conditionKeys(): KeyTable {
    if (this.keyTable) return this.keyTable;
    const rows = this.conditionKeyRows();
    const table: KeyTable = { rows, records: new Array(rows.length), byName: new Map(), namesByPrefix: new Map(), patterns: [], global: [] };
    this.keyTable = table;
    const { byName, namesByPrefix, patterns, global } = table;
    for (let i = 0; i < rows.length; i++) {
      const [name, , , flags = 0] = rows[i]!;
      const lower = name.toLowerCase();
      byName.set(lower, i);
      const prefix = lower.slice(0, lower.indexOf(':'));
      let group = namesByPrefix.get(prefix);
      if (!group) namesByPrefix.set(prefix, (group = []));
      group.push(lower);
      if (flags & KEY_GLOBAL) global.push(this.keyRecord(i));
      if (flags & KEY_PATTERN) {
        const k = this.keyRecord(i);
        const parts = lower.split(PLACEHOLDER).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
        patterns.push({ literalPrefix: lower.slice(0, lower.search(PLACEHOLDER)), regex: new RegExp(`^${parts.join('.+')}$`), record: k });
      }
    }
    // Most specific pattern first when several could match.
    patterns.sort((a, b) => b.literalPrefix.length - a.literalPrefix.length);
    return table;
  }

  /** The record of the condition key at this index of the file. */
  private keyRecord(i: number): ConditionKeyRecord {
    const table = this.keyTable!;
    return (table.records[i] ??= this.decodeKey(table.rows[i]!, this.conditionTypes));
  }

  service(prefix: string): ServiceRecord | undefined {
    return this.servicesByPrefix.get(prefix.toLowerCase())?.record;
  }

  seenInAwsManagedPolicies(serviceOrAction: string): boolean {
    const seen = (this.seenIndex ??= new Set([...(this.file.header.seenInAwsManagedPolicies?.services ?? []), ...(this.file.header.seenInAwsManagedPolicies?.actions ?? [])]));
    return seen.has(serviceOrAction.toLowerCase());
  }

  services(): readonly ServiceRecord[] {
    return this.serviceList;
  }

  action(name: string): ActionRecord | undefined {
    const colon = name.indexOf(':');
    if (colon < 0) return undefined;
    const entry = this.servicesByPrefix.get(name.slice(0, colon).toLowerCase());
    return entry && this.decoded(entry).actions.named(name.slice(colon + 1).toLowerCase());
  }

  actionsOf(service: string): readonly ActionRecord[] {
    const entry = this.servicesByPrefix.get(service.toLowerCase());
    return entry ? this.decoded(entry).actions.all() : [];
  }

  actionsMatching(pattern: string): readonly ActionRecord[] {
    return this.byPattern(pattern);
  }

  // A scan of every action of the matching services: the same patterns come back on every keystroke, as written
  // (no lower-cased copy made per call) and, case aside, in other spellings.
  private readonly matching = memoized<ActionRecord[]>(2000, (lower) => this.scanMatching(lower));
  private readonly byPattern = memoized<readonly ActionRecord[]>(2000, (pattern) => this.matching(pattern.toLowerCase()));

  private scanMatching(lower: string): ActionRecord[] {
    const colon = lower.indexOf(':');
    const servicePart = colon < 0 ? lower : lower.slice(0, colon);
    const actionPart = colon < 0 ? '*' : lower.slice(colon + 1);
    // A name without wildcards is one action or none: looked up, not matched against the service's every name.
    if (colon >= 0 && !/[*?]/.test(lower)) {
      const entry = this.servicesByPrefix.get(servicePart);
      const action = entry && this.decoded(entry).actions.named(actionPart);
      return action ? [action] : [];
    }
    const whole = colon < 0 ? globRegex(lower) : undefined;
    const actionRegex = globRegex(actionPart);
    const serviceRegex = globRegex(servicePart);
    const out: ActionRecord[] = [];
    const entries = hasWildcard(servicePart) || whole
      ? [...this.servicesByPrefix.values()]
      : [this.servicesByPrefix.get(servicePart)].filter((e): e is ServiceEntry => e !== undefined);
    for (const entry of entries) {
      const prefix = entry.record.prefix;
      if (!whole && !serviceRegex.test(prefix)) continue;
      const actions = this.decoded(entry).actions;
      const { names } = actions;
      for (let i = 0; i < names.length; i++) {
        // No colon: the pattern spans prefix and name together (e.g. `*`).
        if (whole ? whole.test(`${prefix}:${names[i]}`) : actionRegex.test(names[i]!)) out.push(actions.at(i));
      }
    }
    return out;
  }

  resourceType(service: string, name: string): ResourceTypeRecord | undefined {
    const entry = this.servicesByPrefix.get(service.toLowerCase());
    return entry && this.decoded(entry).resourceTypeByName.get(name.toLowerCase());
  }

  resourceArnFormats(service: string): readonly string[] {
    const entry = this.servicesByPrefix.get(service.toLowerCase());
    return entry ? this.decoded(entry).resourceTypes.flatMap((r) => r.arnFormats) : [];
  }

  arnFormatsIn(namespace: string): readonly string[] {
    return this.arnLine(namespace.toLowerCase())?.formats ?? [];
  }

  arnFormatActedOn(format: string): boolean {
    const namespace = format.split(':')[2];
    if (namespace === undefined || namespace.includes('$')) return false;
    return this.arnLine(namespace.toLowerCase())?.actedOn.has(format) ?? false;
  }

  /** A namespace's ARN formats, read from its line on the first question about it. */
  private arnLine(lower: string): { formats: string[]; actedOn: Set<string> } | undefined {
    const line = this.arnLines.get(lower);
    if (!line) return undefined;
    if (!line.formats) {
      const rows = this.file.line<[format: string, actedOn: number][]>(...line.at);
      line.formats = rows.map(([f]) => f);
      line.actedOn = new Set(rows.filter(([, acted]) => acted).map(([f]) => f));
    }
    return line as { formats: string[]; actedOn: Set<string> };
  }

  resourceTypesOf(action: string): readonly ActionResourceType[] | undefined {
    return this.action(action)?.resourceTypes;
  }

  conditionKey(name: string): ConditionKeyRecord | undefined {
    const lower = name.toLowerCase();
    const table = this.conditionKeys();
    const exact = table.byName.get(lower);
    if (exact !== undefined) return this.keyRecord(exact);
    for (const p of table.patterns) {
      if (lower.startsWith(p.literalPrefix) && p.regex.test(lower)) return p.record;
    }
    return undefined;
  }

  isGlobalConditionKey(name: string): boolean {
    return this.conditionKey(name)?.global ?? false;
  }

  globalConditionKeys(): readonly ConditionKeyRecord[] {
    return this.conditionKeys().global;
  }

  servicePrincipal(name: string): ServicePrincipalRecord | undefined {
    const lower = name.toLowerCase();
    const exact = this.principals().byName.get(lower);
    if (exact) return exact;
    const regional = REGIONAL_PRINCIPAL.exec(lower);
    const global = regional && this.principals().byName.get(`${regional[1]}.amazonaws.com`);
    return global ? { ...global, region: regional[2] } : undefined;
  }

  servicePrincipals(): readonly ServicePrincipalRecord[] {
    return this.principals().list;
  }

  suggest(kind: SuggestionKind, text: string, max = 3): Suggestion[] {
    // An unknown name is asked about again on each keystroke in its policy (and the text typed back is asked again).
    return this.suggestions(`${kind}\u0000${max}`, text);
  }

  private readonly suggestions = memoized2<Suggestion[]>(2000, (how, text) => {
    const [kind, max] = how.split('\u0000') as [SuggestionKind, string];
    return Object.freeze(this.suggestNow(kind, text, Number(max))) as Suggestion[];
  });

  private suggestNow(kind: SuggestionKind, text: string, max: number): Suggestion[] {
    const lower = text.toLowerCase();
    // A wildcard is a deliberate pattern, not a typo.
    if (kind !== 'servicePrincipal' && hasWildcard(lower)) return [];
    switch (kind) {
      case 'service':
        return this.suggestServices(lower, max);
      case 'action':
        return this.suggestActions(lower, max);
      case 'conditionKey':
        return this.suggestConditionKeys(text, max);
      case 'servicePrincipal':
        return this.suggestServicePrincipals(lower, max);
    }
  }

  // --- suggestions -----------------------------------------------------------

  private suggestServices(lower: string, max: number): Suggestion[] {
    const limit = tolerance(lower.length);
    const found: Scored[] = [];
    for (const entry of this.servicesByPrefix.values()) {
      const prefix = entry.record.prefix;
      const d = editDistance(lower, prefix, limit);
      if (d <= limit) found.push({ value: prefix, score: d, distance: d });
    }
    return best(found, max);
  }

  private suggestActions(lower: string, max: number): Suggestion[] {
    const colon = lower.indexOf(':');
    if (colon < 0) return [];
    const serviceText = lower.slice(0, colon);
    const nameText = lower.slice(colon + 1);
    const nameLimit = tolerance(nameText.length);
    const found: Scored[] = [];
    for (const { value: prefix, distance: serviceDistance } of this.serviceCandidates(serviceText)) {
      const decoded = this.decoded(this.servicesByPrefix.get(prefix)!);
      const limit = nameLimit - serviceDistance;
      if (limit < 0) continue;
      const byLength = decoded.actions.namesByLength();
      for (let len = nameText.length - limit; len <= nameText.length + limit; len++) {
        for (const name of byLength.get(len) ?? []) {
          const d = editDistance(nameText, name, limit);
          if (d > limit) continue;
          const canonical = decoded.actions.named(name)!.fullName;
          found.push({ value: canonical, score: d + serviceDistance, distance: editDistance(lower, canonical.toLowerCase()) });
        }
      }
    }
    return best(found, max);
  }

  private suggestConditionKeys(text: string, max: number): Suggestion[] {
    const lower = text.toLowerCase();
    const colon = lower.indexOf(':');
    if (colon < 0) return [];
    const prefixText = lower.slice(0, colon);
    const prefixLimit = tolerance(prefixText.length);
    const slash = lower.indexOf('/', colon);
    const found: Scored[] = [];
    const table = this.conditionKeys();
    for (const [prefix, names] of table.namesByPrefix) {
      const prefixDistance = prefix === prefixText ? 0 : editDistance(prefixText, prefix, prefixLimit);
      if (prefixDistance > prefixLimit) continue;
      for (const name of names) {
        const record = this.keyRecord(table.byName.get(name)!);
        // `aws:PrincipleTag/Team` is compared with `aws:PrincipalTag/` and
        // suggested as `aws:PrincipalTag/Team`, keeping the user's tag key.
        const tail = slash >= 0 ? trailingPlaceholder(record) : undefined;
        const compared = tail === undefined ? lower : lower.slice(0, slash + 1);
        const candidate = tail === undefined ? name : name.slice(0, tail);
        const limit = tolerance(compared.length - colon - 1);
        if (prefixDistance > limit) continue;
        const d = editDistance(compared, candidate, limit);
        if (d > limit) continue;
        const value = tail === undefined ? record.name : record.name.slice(0, tail) + text.slice(slash + 1);
        found.push({ value, score: d, distance: editDistance(lower, value.toLowerCase()) });
      }
    }
    return best(found, max);
  }

  private suggestServicePrincipals(lower: string, max: number): Suggestion[] {
    // Compare the host part and the AWS domain separately so that a wrong
    // domain (`lambda.amazon.com`) costs one edit, not three.
    const split = (s: string) => {
      const m = PRINCIPAL_DOMAIN.exec(s);
      return m ? [s.slice(0, m.index), m[0]] : [s, ''];
    };
    const [host, domain] = split(lower);
    const limit = tolerance(domain ? host.length : lower.length);
    const found: Scored[] = [];
    for (const p of this.principals().list) {
      const [candidateHost, candidateDomain] = split(p.name.toLowerCase());
      let d: number;
      if (domain) {
        d = editDistance(host, candidateHost, limit) + (domain === candidateDomain ? 0 : 1);
      } else {
        d = editDistance(lower, p.name.toLowerCase(), tolerance(lower.length));
      }
      if (d <= limit) found.push({ value: p.name, score: d, distance: editDistance(lower, p.name.toLowerCase()) });
    }
    return best(found, max);
  }

  private serviceCandidates(serviceText: string): Suggestion[] {
    if (this.servicesByPrefix.has(serviceText)) return [{ value: serviceText, distance: 0 }];
    return this.suggestServices(serviceText, 3);
  }

  // --- decoding --------------------------------------------------------------

  private decodeKey(row: KeyRow, types: ConditionKeyType[]): ConditionKeyRecord {
    const [name, typeIdx, description, flags = 0, category] = row;
    const type = types[typeIdx]!;
    const global = (flags & KEY_GLOBAL) !== 0;
    const service = name.slice(0, name.indexOf(':'));
    const multivalued = type.startsWith('ArrayOf');
    let docsUrl = GLOBAL_KEYS_DOC;
    if (global && service === 'aws') {
      docsUrl = `${GLOBAL_KEYS_DOC}#condition-keys-${name.slice(4).replace(PLACEHOLDER, '').replace(/\/$/, '').toLowerCase()}`;
    } else if (!global) {
      docsUrl = this.serviceDocsAnchor(service, 'policy-keys') ?? `${SAR}reference_policies_actions-resources-contextkeys.html`;
    }
    return {
      name,
      service,
      type,
      baseType: (multivalued ? type.slice('ArrayOf'.length) : type) as ConditionKeyBaseType,
      multivalued,
      global,
      ...(category ? { category: category as GlobalConditionKeyCategory } : {}),
      pattern: (flags & KEY_PATTERN) !== 0,
      description,
      docsUrl,
    };
  }

  private serviceDocsAnchor(prefix: string, anchor: string): string | undefined {
    const slug = this.servicesByPrefix.get(prefix)?.row[2];
    return slug ? `${SAR}list_${slug}.html#${slug}-${anchor}` : undefined;
  }

  private decoded(entry: ServiceEntry): DecodedService {
    if (entry.decoded) return entry.decoded;
    const [prefix, , slug, offset, length] = entry.row;
    const [actionRows, resourceTypeRows] = this.file.line<ServiceLine>(offset, length);
    const keyNames = (idx: number[] | undefined): string[] => {
      if (!idx || idx.length === 0) return [];
      const rows = this.conditionKeyRows();
      return idx.map((i) => rows[i]![0]);
    };
    const resourceTypes = resourceTypeRows.map(
      ([name, arn, keys]): ResourceTypeRecord => ({ service: prefix, name, arnFormats: [arn], conditionKeys: keyNames(keys) }),
    );
    const actionsUrl = `${SAR}list_${slug}.html#${slug}-actions-as-permissions`;
    const actions = new ServiceActions(actionRows, ([name, level, description, refs, keys]): ActionRecord => ({
      service: prefix,
      name,
      fullName: `${prefix}:${name}`,
      accessLevel: this.accessLevels[level]!,
      description: description.startsWith('^') ? GRANTS + description.slice(1) : description,
      resourceTypes: (refs ?? []).map((ref) => {
        const [packed, rtKeys] = typeof ref === 'number' ? [ref, undefined] : ref;
        const resourceType = resourceTypes[packed >> 1]!;
        return { name: resourceType.name, required: (packed & 1) === 1, conditionKeys: keyNames(rtKeys), resourceType };
      }),
      conditionKeys: keyNames(keys),
      docsUrl: actionsUrl,
    }));
    entry.decoded = {
      actions,
      resourceTypes,
      resourceTypeByName: new Map(resourceTypes.map((r) => [r.name.toLowerCase(), r])),
    };
    return entry.decoded;
  }

}

interface Scored {
  readonly value: string;
  /** Ranking distance (may discount parts of the text, e.g. a principal's domain). */
  readonly score: number;
  readonly distance: number;
}

function best(found: Scored[], max: number): Suggestion[] {
  const seen = new Set<string>();
  return found
    .sort((a, b) => a.score - b.score || a.distance - b.distance || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
    .filter((s) => !seen.has(s.value) && seen.add(s.value))
    .slice(0, max)
    .map(({ value, distance }) => ({ value, distance }));
}

/** How many edits a typo of this length may plausibly contain. */
function tolerance(length: number): number {
  return length <= 4 ? 1 : length <= 10 ? 2 : 3;
}

function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}

function globRegex(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 's');
}

/** Offset of a placeholder that ends the key name after a `/`, e.g. the `${TagKey}` in `aws:RequestTag/${TagKey}`. */
function trailingPlaceholder(record: ConditionKeyRecord): number | undefined {
  if (!record.pattern) return undefined;
  const m = /\/(?:\$\{[^}]+\}|<[^>]+>)$/.exec(record.name);
  return m ? m.index + 1 : undefined;
}
