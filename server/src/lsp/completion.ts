import { CompletionItemKind, InsertTextFormat, InsertTextMode, type CompletionItem } from 'vscode-languageserver';
import type { CandidateKind, CompletionCandidate } from '../features/completion';
import type { LineIndex } from '../engine/line-index';
import { toLspRange } from './diagnostics';

const KINDS: Record<CandidateKind, CompletionItemKind> = {
  element: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  service: CompletionItemKind.Module,
  action: CompletionItemKind.Function,
  operator: CompletionItemKind.Operator,
  conditionKey: CompletionItemKind.Field,
  principal: CompletionItemKind.Constant,
  arn: CompletionItemKind.Reference,
  template: CompletionItemKind.Snippet,
  managedPolicy: CompletionItemKind.Reference,
};

export function toCompletionItem(c: CompletionCandidate, lines: LineIndex): CompletionItem {
  return {
    label: c.label,
    kind: KINDS[c.kind],
    detail: c.detail,
    documentation: c.documentation ? { kind: 'markdown', value: c.documentation } : undefined,
    sortText: c.sortText,
    filterText: c.label,
    textEdit: { range: toLspRange(lines, c.replace), newText: c.insertText },
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    insertTextMode: InsertTextMode.adjustIndentation,
    command: c.retrigger ? { title: 'Suggest', command: 'editor.action.triggerSuggest' } : undefined,
  };
}
