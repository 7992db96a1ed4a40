/**
 * One live text field (referat or vedtak of a sak or sub-item): CodeMirror 6 bound to its Y.Text with
 * y-codemirror.next, showing the other secretaries' cursors and selections with their names.
 */
import { defaultKeymap, insertNewlineAndIndent } from '@codemirror/commands';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, drawSelection, highlightSpecialChars, keymap, placeholder } from '@codemirror/view';
import { yCollab, yUndoManagerKeymap } from 'y-codemirror.next';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

export interface FieldEditor {
  readonly view: EditorView;
  setReadOnly(readOnly: boolean): void;
  focus(): void;
  destroy(): void;
}

const theme = EditorView.theme({
  '&': { fontSize: '1rem', backgroundColor: 'var(--field-bg)', border: '1px solid var(--border-strong)', borderRadius: '4px' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'inherit' },
  '.cm-content': { fontFamily: 'inherit', lineHeight: '1.5', padding: '0.5rem 0.25rem', minHeight: '3.2em', caretColor: 'var(--text)' },
  '.cm-line': { padding: '0 0.35rem' },
  '.cm-placeholder': { color: 'var(--muted)', fontStyle: 'italic' },
  '&.cm-editor.motebok-readonly': { backgroundColor: 'var(--readonly-bg)' },
  // The other secretaries' names stay visible at their cursors (y-codemirror.next shows them only on hover).
  '.cm-ySelectionInfo': { opacity: '1', fontFamily: 'inherit', fontSize: '0.75rem', top: '-1.35em', padding: '0 4px', borderRadius: '3px 3px 3px 0', whiteSpace: 'nowrap', zIndex: '2' },
  '.cm-ySelectionCaret': { borderLeftWidth: '2px' },
});

export function createFieldEditor(opts: {
  parent: HTMLElement;
  ytext: Y.Text;
  awareness: Awareness;
  /** Accessible name of the text box, e.g. "Vedtak, sak 24/2017". */
  label: string;
  placeholderText: string;
  readOnly: boolean;
}): FieldEditor {
  const editable = new Compartment();
  const undoManager = new Y.UndoManager(opts.ytext);
  const readOnlyExt = (ro: boolean) => [
    placeholder(ro ? 'Ingen tekst.' : opts.placeholderText),
    EditorState.readOnly.of(ro),
    EditorView.editable.of(!ro),
    EditorView.editorAttributes.of({ class: ro ? 'motebok-readonly' : '' }),
    EditorView.contentAttributes.of({ 'aria-readonly': ro ? 'true' : 'false' }),
  ];
  const view = new EditorView({
    parent: opts.parent,
    state: EditorState.create({
      doc: opts.ytext.toString(),
      extensions: [
        highlightSpecialChars(),
        drawSelection(),
        EditorView.lineWrapping,
        // Tab and Shift-Tab are not bound: they move the focus on, so the page works from the keyboard alone.
        keymap.of([...yUndoManagerKeymap, { key: 'Enter', run: insertNewlineAndIndent }, ...defaultKeymap]),
        EditorView.contentAttributes.of({
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': opts.label,
          spellcheck: 'true',
          lang: 'nb',
        }),
        theme,
        editable.of(readOnlyExt(opts.readOnly)),
        yCollab(opts.ytext, opts.awareness, { undoManager }),
      ],
    }),
  });
  return {
    view,
    setReadOnly(ro) {
      view.dispatch({ effects: editable.reconfigure(readOnlyExt(ro)) });
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
      undoManager.destroy();
    },
  };
}
