import { formatOf, parseDocument } from '../parse/document';
import type { PreviousParse } from '../parse/incremental';
import type { ParsedDocument } from '../parse/tree';
import { configuredKind, detectDocument, mightBePolicyOrTemplate, type ConfiguredPolicyKind, type DocumentKind } from './detect';
import { recognisedPurpose } from './policy-purpose';
import { policyView, templatePolicies, type PolicyView } from './policy';
import { TemplateView } from './template';

/** Everything the rules read about one version of one document, built once. */
export interface LintDocument {
  /** A path or URI, as the caller named it. */
  name: string;
  /**
   * The text the tree's offsets are into: the document's, or after an incremental parse its layout text
   * (parse/layout.ts), which holds the same text at every node's offsets.
   */
  text: string;
  format: 'json' | 'yaml';
  parsed: ParsedDocument;
  kind: DocumentKind;
  template?: TemplateView;
  policies: PolicyView[];
}

export interface ModelOptions {
  languageId?: string;
  /** From `policyKinds` settings: overrides detection for a standalone policy (its IAM kind, and what it is for). */
  policyKind?: ConfiguredPolicyKind;
  /** The parse of the previous version (the language server's last lint): an edit inside one resource re-reads only it. */
  previous?: PreviousParse;
  /** The template view of the previous version: resources the edit left as they were keep their views (model/template.ts). */
  previousTemplate?: TemplateView;
}

/** `undefined` for a document that is neither a policy nor a template: nothing to lint, nothing parsed twice. */
export function buildModel(name: string, text: string, options: ModelOptions = {}): LintDocument | undefined {
  if (!mightBePolicyOrTemplate(text)) return undefined;
  const format = formatOf(name, text, options.languageId);
  const parsed = parseDocument(text, format, options.previous);
  const laid = parsed.layout?.text ?? text;
  let kind = detectDocument(parsed.root, format);
  if (kind.kind === 'none') {
    // A broken document that looks like one of ours still gets its syntax errors: also one whose only resource
    // holds the error, which the parse left out (parse/yaml.ts `recoverResource`).
    if (parsed.problems.some((p) => p.severity === 'error')) return { name, text: laid, format, parsed, kind, policies: [] };
    return undefined;
  }
  const configured = options.policyKind ? configuredKind(options.policyKind) : undefined;
  if (kind.kind === 'policy' && configured) kind = { kind: 'policy', policyKind: configured.policyKind };
  const doc: LintDocument = { name, text: laid, format, parsed, kind, policies: [] };
  if (kind.kind === 'template' && parsed.root?.type === 'object') {
    doc.template = new TemplateView(parsed.root, kind.sam, undefined, options.previousTemplate);
    doc.policies = templatePolicies(doc.template);
  } else if (kind.kind === 'policy') {
    doc.policies = policyView(parsed.root, kind.policyKind, 'standalone');
    for (const policy of doc.policies) policy.purpose = configured ? configured.purpose : recognisedPurpose(policy);
  }
  return doc;
}
