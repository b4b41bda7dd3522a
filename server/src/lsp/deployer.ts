import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import { Fixer, type FixValue } from '../engine/fixer';
import { LineIndex } from '../engine/line-index';
import { columnOf, indentUnit } from '../engine/text-layout';
import { mightBePolicyOrTemplate } from '../model/detect';
import type { DeployerPolicy, PolicyDocument } from '../model/deployer/generate';
import { templateDeployerPolicy } from '../model/deployer/output';
import { buildModel, type LintDocument } from '../model/document';
import { child, itemsOf, property, scalarText, type Node, type ObjectNode } from '../parse/tree';

/** Custom requests the client sends for the deployer-policy commands. */
export const DEPLOYER_POLICY_REQUEST = 'lambdaIamLint/deployerPolicy';
export const INSERT_DEPLOYER_POLICY_REQUEST = 'lambdaIamLint/insertDeployerPolicy';
export const WORKSPACE_TEMPLATES_REQUEST = 'lambdaIamLint/workspaceTemplates';

export type DeployerPolicyResponse = { ok: true; text: string; notes: string[] } | { ok: false; message: string };
export type InsertDeployerPolicyResponse = { ok: true; edit: WorkspaceEdit; logicalIds: string[]; notes: string[] } | { ok: false; message: string };

const SKIP_DIRECTORIES = new Set(['node_modules', '.git', '.aws-sam', '.venv', 'venv', '__pycache__', 'cdk.out', 'dist', 'build', 'coverage']);
const TEMPLATE_EXTENSIONS = /\.(ya?ml|json|template)$/i;
/** A bounded walk: a workspace with more than this many candidate files is only partly searched. */
const MAX_FILES = 2000;
const MAX_DEPTH = 8;
const MAX_BYTES = 2_000_000;

/**
 * The SAM / CloudFormation templates under the workspace folders: a bounded walk that skips dependency and build
 * folders. A file's verdict is cached by its modification time, so a second walk reads only what changed.
 */
export class WorkspaceTemplates {
  private readonly verdicts = new Map<string, { mtimeMs: number; template: boolean }>();
  private listed: string[] | undefined;

  constructor(private readonly folders: () => string[]) {}

  /** Forget the listing (a file was created, changed or deleted); per-file verdicts stay valid by mtime. */
  invalidate(): void {
    this.listed = undefined;
  }

  /** File URIs of the templates, sorted. */
  list(): string[] {
    if (this.listed) return this.listed;
    const found: string[] = [];
    let budget = MAX_FILES;
    const walk = (dir: string, depth: number): void => {
      if (depth > MAX_DEPTH || budget <= 0) return;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const e of entries) {
        if (budget <= 0) return;
        const path = join(dir, e.name);
        if (e.isDirectory()) {
          if (!SKIP_DIRECTORIES.has(e.name) && !e.name.startsWith('.')) walk(path, depth + 1);
        } else if (e.isFile() && TEMPLATE_EXTENSIONS.test(e.name) && !e.name.endsWith('package-lock.json')) {
          budget--;
          if (this.isTemplate(path)) found.push(pathToFileURL(path).href);
        }
      }
    };
    for (const folder of this.folders()) {
      if (!folder.startsWith('file:')) continue;
      walk(fileURLToPath(folder), 0);
    }
    this.listed = found.sort();
    return this.listed;
  }

  private isTemplate(path: string): boolean {
    let mtimeMs: number;
    let size: number;
    try {
      ({ mtimeMs, size } = statSync(path));
    } catch {
      return false;
    }
    const cached = this.verdicts.get(path);
    if (cached && cached.mtimeMs === mtimeMs) return cached.template;
    let template = false;
    if (size <= MAX_BYTES) {
      try {
        const text = readFileSync(path, 'utf8');
        // Cheap first: only a file that names template sections is parsed.
        template = mightBePolicyOrTemplate(text) && /\bResources\b/.test(text) && Boolean(buildModel(path, text)?.template);
      } catch {
        template = false;
      }
    }
    this.verdicts.set(path, { mtimeMs, template });
    return template;
  }
}

/** The generated policy of a template, as the CLI prints it, or why there is none. */
export function deployerPolicyResponse(uri: string, text: string, languageId?: string): DeployerPolicyResponse {
  const generated = templateDeployerPolicy(uri, text, undefined, languageId);
  if (!generated.ok) return { ok: false, message: `${displayName(uri)} ${generated.message}.` };
  const { policy } = generated;
  const output = policy.documents.length === 1 ? policy.documents[0] : policy.documents;
  return { ok: true, text: `${JSON.stringify(output, null, 2)}\n`, notes: policy.notes };
}

export function displayName(uri: string): string {
  try {
    return basename(uri.startsWith('file:') ? fileURLToPath(uri) : uri);
  } catch {
    return uri;
  }
}

/**
 * One WorkspaceEdit that adds the policy of `policy` to the `Resources` of another template, as
 * `AWS::IAM::ManagedPolicy` resources (one per document when it had to be split) with logical ids the template
 * does not use yet, written in that template's format and indentation.
 */
export function insertDeployerPolicyEdit(sourceUri: string, policy: DeployerPolicy, targetUri: string, targetText: string, languageId?: string): InsertDeployerPolicyResponse {
  const target = templateDeployerPolicy(targetUri, targetText, undefined, languageId);
  if (!target.ok) return { ok: false, message: `${displayName(targetUri)} ${target.message}.` };
  const { doc } = target;
  const resources = child(doc.parsed.root, 'Resources');
  if (resources?.type !== 'object') return { ok: false, message: `${displayName(targetUri)} has no Resources mapping to add the policy to.` };
  const taken = new Set(resources.properties.map((p) => p.key));
  for (const key of ['Parameters', 'Outputs', 'Conditions', 'Mappings']) {
    const section = child(doc.parsed.root, key);
    if (section?.type === 'object') for (const p of section.properties) taken.add(p.key);
  }
  const fixer = new Fixer(targetText, doc.format);
  const lines = new LineIndex(targetText);
  const logicalIds: string[] = [];
  const resourceValues = policy.documents.map((document, i) => {
    const id = uniqueId(taken, 'DeployerPolicy');
    logicalIds.push(id);
    return { id, value: managedPolicyResource(document, sourceUri, i, policy.documents.length) };
  });
  // All documents in one inserted text: several inserts at one offset would rely on the client's ordering.
  const edit = insertProperties(fixer, resources, resourceValues, targetText);
  const lspEdit: LspTextEdit = { range: { start: lines.positionAt(edit.start), end: lines.positionAt(edit.end) }, newText: edit.newText };
  return { ok: true, edit: { changes: { [targetUri]: [lspEdit] } }, logicalIds, notes: policy.notes };
}

function insertProperties(fixer: Fixer, resources: ObjectNode, values: { id: string; value: FixValue }[], text: string): { start: number; end: number; newText: string } {
  const last = resources.properties[resources.properties.length - 1];
  if (fixer.format === 'yaml' && !resources.flow && last) {
    // YAML block mapping: written here rather than by the Fixer so that nested levels use the template's own
    // indentation step (the Fixer's YAML nests by two spaces).
    const eol = /\r\n/.test(text) ? '\r\n' : '\n';
    const unit = indentUnit(text).startsWith('\t') ? '  ' : indentUnit(text);
    const indent = ' '.repeat(columnOf(text, resources.properties[0].keyStart));
    const newText = values.map((v) => `${eol}${indent}${fixer.scalar(v.id, 'plain')}:${yamlValue(fixer, v.value, indent, unit, eol)}`).join('');
    return { start: last.end, end: last.end, newText };
  }
  const [first, ...rest] = values;
  const edit = fixer.insertProperty(resources, first.id, first.value);
  if (rest.length === 0) return edit;
  // The later entries follow the first exactly as it follows the last existing property (same separator and indent);
  // in an empty mapping the first entry replaces the braces' content, so insert the rest after it by re-rendering.
  if (resources.properties.length === 0) {
    const joined = values.map((v) => fixer.insertProperty(resources, v.id, v.value).newText);
    const separator = fixer.format === 'json' || resources.flow ? ', ' : '\n';
    return { ...edit, newText: joined.join(separator) };
  }
  return { ...edit, newText: [edit.newText, ...rest.map((v) => fixer.insertProperty(resources, v.id, v.value).newText)].join('') };
}

/** The text after `key:` in a YAML block mapping whose key is at `indent`: a scalar, or nested block lines. */
function yamlValue(fixer: Fixer, value: FixValue, indent: string, unit: string, eol: string): string {
  if (typeof value !== 'object') return ` ${typeof value === 'string' ? fixer.scalar(value) : String(value)}`;
  const inner = indent + unit;
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `${eol}${inner}-${yamlItem(fixer, item, `${inner}  `, unit, eol)}`).join('');
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return ' {}';
  return entries.map(([k, v]) => `${eol}${inner}${fixer.scalar(k, 'plain')}:${yamlValue(fixer, v, inner, unit, eol)}`).join('');
}

/** A sequence item after its `-`: a scalar, or a mapping whose keys line up after `- ` at `indent`. */
function yamlItem(fixer: Fixer, value: FixValue, indent: string, unit: string, eol: string): string {
  if (typeof value !== 'object') return yamlValue(fixer, value, indent, unit, eol);
  if (Array.isArray(value)) return `${yamlValue(fixer, value, indent, unit, eol)}`;
  const entries = Object.entries(value);
  if (entries.length === 0) return ' {}';
  return entries.map(([k, v], i) => `${i === 0 ? ' ' : `${eol}${indent}`}${fixer.scalar(k, 'plain')}:${yamlValue(fixer, v, indent, unit, eol)}`).join('');
}

function uniqueId(taken: Set<string>, base: string): string {
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}${n}`;
  taken.add(id);
  return id;
}

function managedPolicyResource(document: PolicyDocument, sourceUri: string, index: number, count: number): FixValue {
  const part = count > 1 ? ` (part ${index + 1} of ${count})` : '';
  return {
    Type: 'AWS::IAM::ManagedPolicy',
    Properties: {
      Description: `Least-privilege policy to deploy ${displayName(sourceUri)}${part}, generated by lambda-iam-lint`,
      PolicyDocument: document as unknown as FixValue,
    },
  };
}

/** A workspace template with the policy the generator computes for it. */
export interface TemplateNeeds {
  uri: string;
  /** How the title names it: the path relative to its workspace folder. */
  label: string;
  policy: DeployerPolicy;
}

const SCOPED_ACTIONS: Record<string, string> = { 'lambda:passcapacityprovider': 'lambda:PassCapacityProvider', 'iam:passrole': 'iam:PassRole' };

/**
 * "Scope lambda:PassCapacityProvider / iam:PassRole to … of template.yaml": for an Allow statement of an identity
 * policy whose only action is one of those two, rewrite its Resource to what the generator computes for a workspace
 * template (and, for iam:PassRole, the generator's `iam:PassedToService` condition). Offered only where the result is
 * exactly the generator's statement for that action and differs from what the statement says now.
 */
export function scopeActions(doc: LintDocument, range: { start: number; end: number }, templates: TemplateNeeds[]): { title: string; edits: { start: number; end: number; newText: string }[] }[] {
  const out: { title: string; edits: { start: number; end: number; newText: string }[] }[] = [];
  const fixer = new Fixer(doc.text, doc.format);
  for (const policy of doc.policies) {
    if (policy.kind !== 'identity') continue;
    for (const statement of policy.statements) {
      const node = statement.node;
      // A cursor in the indentation or on the `- ` of the statement's first line is on the statement.
      const before = node.start > range.end && !/^[\s-]*$/.test(doc.text.slice(range.end, node.start));
      if (node.generated || node.end < range.start || before) continue;
      if (scalarText(child(node, 'Effect')) !== 'Allow' || property(node, 'NotAction') || property(node, 'NotResource') || property(node, 'NotPrincipal')) continue;
      const actions = itemsOf(child(node, 'Action')).map(scalarText);
      if (actions.length !== 1 || actions[0] === undefined) continue;
      const action = SCOPED_ACTIONS[actions[0].toLowerCase()];
      if (!action) continue;
      const resource = property(node, 'Resource');
      if (!resource || resource.value.generated) continue;
      const current = itemsOf(resource.value).map(scalarText);
      const condition = property(node, 'Condition');
      for (const t of templates) {
        if (t.uri === doc.name) continue;
        let arns: string[];
        let wantedCondition: Record<string, Record<string, string[]>> | undefined;
        if (action === 'lambda:PassCapacityProvider') {
          arns = [...t.policy.capacityProviders].sort();
          // The generator's statement has no condition: a condition on this one would stay and differ from it.
          if (arns.length === 0 || condition) continue;
        } else {
          // One service: one generator statement. Several services make several statements, not this rewrite.
          if (t.policy.passedRoles.size !== 1) continue;
          const [[service, roles]] = [...t.policy.passedRoles];
          arns = [...roles].sort();
          wantedCondition = { StringEquals: { 'iam:PassedToService': [service] } };
          if (condition && !sameCondition(condition.value, wantedCondition)) continue;
        }
        const sameResources = current.length === arns.length && current.every((c) => c !== undefined) && [...(current as string[])].sort().every((c, i) => c === arns[i]);
        if (sameResources && (!wantedCondition || condition)) continue;
        const edits: { start: number; end: number; newText: string }[] = [];
        if (!sameResources) edits.push({ start: resource.value.start, end: resource.value.end, newText: arns.length === 1 ? fixer.scalar(arns[0], 'double') : `[${arns.map((a) => JSON.stringify(a)).join(', ')}]` });
        if (wantedCondition && !condition) edits.push(fixer.insertProperty(node, 'Condition', wantedCondition as unknown as FixValue));
        const what = action === 'lambda:PassCapacityProvider' ? 'the capacity providers' : 'the roles';
        out.push({ title: `Scope ${action} to ${what} of ${t.label}`, edits });
      }
    }
  }
  return out;
}

function sameCondition(node: Node, wanted: Record<string, Record<string, string[]>>): boolean {
  if (node.type !== 'object' || node.properties.length !== 1) return false;
  const [operator] = node.properties;
  const [wantedOperator, wantedKeys] = Object.entries(wanted)[0];
  if (operator.key !== wantedOperator || operator.value.type !== 'object' || operator.value.properties.length !== 1) return false;
  const [key] = operator.value.properties;
  const [wantedKey, wantedValues] = Object.entries(wantedKeys)[0];
  const values = itemsOf(key.value).map(scalarText);
  return key.key.toLowerCase() === wantedKey.toLowerCase() && values.length === wantedValues.length && values.every((v, i) => v === wantedValues[i]);
}

/** The generated policies of the workspace's templates, for the scope code actions. */
export function templateNeeds(uris: string[], folders: string[], textOf: (uri: string) => { text: string; languageId?: string } | undefined): TemplateNeeds[] {
  const out: TemplateNeeds[] = [];
  for (const uri of uris) {
    const source = textOf(uri);
    if (!source) continue;
    const generated = templateDeployerPolicy(uri, source.text, undefined, source.languageId);
    if (!generated.ok) continue;
    const folder = folders.find((f) => uri.startsWith(f.endsWith('/') ? f : `${f}/`));
    const label = folder ? decodeURIComponent(uri.slice(folder.replace(/\/$/, '').length + 1)) : displayName(uri);
    out.push({ uri, label, policy: generated.policy });
  }
  return out;
}
