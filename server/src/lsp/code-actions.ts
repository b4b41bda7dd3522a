import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fixToFixedPoint } from '../engine/fix';
import { LineIndex } from '../engine/line-index';
import type { LintResult } from '../engine/lint';
import type { Fix } from '../engine/rule';
import { ruleIds } from '../rules';
import { SOURCE, toLspRange, type DiagnosticData } from './diagnostics';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.lambdaIamLint`;
export const SHOW_DOCS_COMMAND = 'lambdaIamLint.showRuleDocs';

export interface CodeActionInput {
  params: CodeActionParams;
  document: TextDocument;
  /** The lint result of the document's current version. */
  result: LintResult;
  /** Lint another text of the same document with the same configuration (fix-all's re-lint passes). */
  relint: (text: string) => LintResult;
  docsHref: (ruleId: string) => string;
}

export function codeActions({ params, document, result, relint, docsHref }: CodeActionInput): CodeAction[] {
  const only = params.context.only;
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  const uri = document.uri;

  if (wants(CodeActionKind.QuickFix)) {
    for (const diagnostic of params.context.diagnostics ?? []) {
      // Clients send back what they kept of our diagnostics, which may be little (Neovim 0.7: no data, no code).
      if (!diagnostic?.range || typeof diagnostic.code !== 'string' || (diagnostic.source !== undefined && diagnostic.source !== SOURCE) || !ruleIds.has(diagnostic.code)) continue;
      const ruleId = diagnostic.code;
      for (const fix of fixesOf(diagnostic, document, result)) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.safe,
          edit: { changes: { [uri]: fix.edits } },
        });
      }
      if (result.doc?.format === 'yaml') {
        actions.push(disableForLine(document, diagnostic, ruleId), disableForFile(document, diagnostic, ruleId));
      }
      actions.push({
        title: `Show documentation for ${ruleId}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${ruleId}`, command: SHOW_DOCS_COMMAND, arguments: [docsHref(ruleId)] },
      });
    }
  }

  // Asked for explicitly (on save, from the Source Action menu), or offered in the menu of one of our diagnostics
  // when there is more than one thing to fix: not computed on every cursor move.
  const safeFixable = result.findings.filter((f) => f.fixes.some((x) => x.safe)).length;
  const explicit = only?.some((o) => FIX_ALL_KIND === o || FIX_ALL_KIND.startsWith(`${o}.`)) ?? false;
  const inMenu = !only && safeFixable > 1 && (params.context.diagnostics ?? []).some((d) => d?.source === SOURCE);
  if ((explicit && safeFixable > 0) || inMenu) {
    const edit = fixAllEdit(document.getText(), relint);
    if (edit) actions.push({ title: 'Fix all lambda-iam-lint problems', kind: FIX_ALL_KIND, edit: { changes: { [uri]: [edit] } } });
  }
  return actions;
}

/** The fixes the diagnostic carries, if it belongs to this version; else those of the matching current finding. */
function fixesOf(diagnostic: Diagnostic, document: TextDocument, result: LintResult): { title: string; safe: boolean; edits: LspTextEdit[] }[] {
  const data = diagnostic.data as DiagnosticData | undefined;
  if (data && data.version === document.version && Array.isArray(data.fixes)) return data.fixes;
  const start = document.offsetAt(diagnostic.range.start);
  const end = document.offsetAt(diagnostic.range.end);
  const finding = result.findings.find((f) => f.ruleId === diagnostic.code && f.start === start && f.end === end);
  return (finding?.fixes ?? []).map((f: Fix) => ({ title: f.title, safe: f.safe, edits: f.edits.map((e) => ({ range: toLspRange(result.lines, e), newText: e.newText })) }));
}

function disableForLine(document: TextDocument, diagnostic: Diagnostic, ruleId: string): CodeAction {
  const line = diagnostic.range.start.line;
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(text)![0];
  const eol = /\r\n/.test(document.getText()) ? '\r\n' : '\n';
  return {
    title: `Disable ${ruleId} for this line`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# lambda-iam-lint-disable-next-line ${ruleId}${eol}` }] } },
  };
}

function disableForFile(document: TextDocument, diagnostic: Diagnostic, ruleId: string): CodeAction {
  const eol = /\r\n/.test(document.getText()) ? '\r\n' : '\n';
  return {
    title: `Disable ${ruleId} for this file`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# lambda-iam-lint-disable ${ruleId}${eol}` }] } },
  };
}

/** Every safe fix, to a fixed point, as one edit over the changed span (the cursor and folding survive). */
export function fixAllEdit(text: string, relint: (text: string) => LintResult): LspTextEdit | undefined {
  const fixed = fixToFixedPoint(text, (t) => relint(t).findings.flatMap((f) => f.fixes.filter((x) => x.safe).slice(0, 1)));
  if (fixed.text === text) return undefined;
  let start = 0;
  while (start < text.length && start < fixed.text.length && text[start] === fixed.text[start]) start++;
  let endOld = text.length;
  let endNew = fixed.text.length;
  while (endOld > start && endNew > start && text[endOld - 1] === fixed.text[endNew - 1]) {
    endOld--;
    endNew--;
  }
  const lines = new LineIndex(text);
  return { range: toLspRange(lines, { start, end: endOld }), newText: fixed.text.slice(start, endNew) };
}
