// The manifest editor: CodeMirror 6, bundled by editor/build.sh (esbuild) into static/editor.js,
// which index.html loads as a module script *before* the wasm app. It publishes one global,
// `globalThis.svcplayEditor`, and fires `svcplay-editor-ready` on window; the Rust side
// (src/bridge.rs) creates the editor through it, or keeps a plain <textarea> when the bundle is
// missing or broken.
//
// Only what the page uses is imported (no `basicSetup`): YAML highlighting, line numbers, history,
// search, bracket matching, the active line, lint markers; Enter indents for YAML, and comment
// lines wrap. Colours come from CSS variables
// (static/editor.css on top of static/style.css), so the editor follows the page's theme; the
// `darkTheme` facet (which picks CodeMirror's own light/dark defaults) follows the page's computed
// `color-scheme`.

import { EditorState, Compartment, EditorSelection, Transaction, Annotation, Text } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection, Decoration, ViewPlugin,
} from '@codemirror/view';
import {
  history, historyKeymap, defaultKeymap, indentMore, indentLess, isolateHistory,
} from '@codemirror/commands';
import { syntaxHighlighting, bracketMatching, indentUnit, StreamLanguage } from '@codemirror/language';
import { search, searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { setDiagnostics, lintGutter, lintKeymap } from '@codemirror/lint';
import { tagHighlighter, tags as t } from '@lezer/highlight';

const LABEL = 'Manifest YAML';

/** Marks transactions made through `setText` (not the person typing). */
const external = Annotation.define();

/** Token classes, coloured by static/editor.css (`--syn-*` variables). */
const highlighter = tagHighlighter([
  { tag: t.definition(t.propertyName), class: 'tok-key' },
  { tag: t.string, class: 'tok-string' },
  { tag: t.special(t.string), class: 'tok-meta' },
  { tag: t.content, class: 'tok-value' },
  { tag: t.lineComment, class: 'tok-comment' },
  { tag: [t.meta, t.keyword], class: 'tok-meta' },
  { tag: [t.labelName, t.typeName, t.attributeValue], class: 'tok-anchor' },
  { tag: [t.separator, t.punctuation, t.squareBracket, t.brace], class: 'tok-punct' },
]);

/**
 * YAML highlighting, a line at a time: keys, quoted and plain values, comments, block scalars
 * (`|`, `>` and the lines under them), document markers, anchors, aliases, tags, flow brackets.
 * A line-based tokenizer, not a grammar: after an edit CodeMirror re-reads from the edited line
 * to the end of the visible lines only (the full YAML grammar re-read everything after the edit,
 * up to 20 ms per keystroke in a 1,000-pod manifest). The engine reads and checks the YAML; this
 * only colours it.
 */
const yamlLines = StreamLanguage.define({
  name: 'yaml',
  startState: () => ({ block: -1, value: false, flow: 0, explicit: false }),
  copyState: (s) => ({ ...s }),
  token(stream, state) {
    if (stream.sol()) {
      // The lines of a block scalar: more indented than the line that opened it (or blank).
      if (state.block >= 0) {
        if (stream.match(/^\s*$/, false) || stream.indentation() > state.block) {
          stream.skipToEnd();
          return 'yValue';
        }
        state.block = -1;
      }
      if (state.flow === 0) state.value = false;
      state.explicit = false;
      if (stream.match(/^(?:---|\.\.\.)(?=\s|$)/)) return 'yMeta';
      if (stream.match(/^%\S*/)) return 'yMeta';
    }
    if (stream.eatSpace()) return null;
    // A directive's parameters (`%YAML 1.2`).
    if (/^%/.test(stream.string)) {
      stream.skipToEnd();
      return 'yDirective';
    }
    const ch = stream.peek();
    if (ch === '#' && (stream.pos === 0 || /\s/.test(stream.string.charAt(stream.pos - 1)))) {
      stream.skipToEnd();
      return 'yComment';
    }
    const flow = state.flow > 0;
    // An indicator followed by a space (or the end of the line): a list item, an explicit key.
    if ((ch === '-' || ch === '?') && /^[-?](?=\s|$)/.test(stream.string.slice(stream.pos))) {
      stream.next();
      // `? key`: what follows is a key.
      if (ch === '?') state.explicit = true;
      return ch === '-' ? 'yPunct' : 'yQuestion';
    }
    if (ch === '[' || ch === '{') { stream.next(); state.flow++; state.value = false; return 'yPunct'; }
    if (ch === ']' || ch === '}') { stream.next(); state.flow = Math.max(0, state.flow - 1); return 'yPunct'; }
    if (ch === ',' && flow) { stream.next(); state.value = false; return 'yPunct'; }
    if (ch === ':' && /^:(?=\s|$|[,\[\]{}])/.test(stream.string.slice(stream.pos))) {
      stream.next();
      state.value = true;
      return 'yPunct';
    }
    if ((ch === '&' || ch === '*') && stream.match(/^[&*][^\s,\[\]{}]+/)) return 'yAnchor';
    if (ch === '!' && stream.match(/^![^\s,\[\]{}]*/)) return 'yTag';
    if ((ch === '|' || ch === '>') && stream.match(/^[|>][-+0-9]*(?=\s*(?:#.*)?$)/)) {
      // The content is indented more than this line (a key's block scalar, or a list item's).
      state.block = stream.indentation();
      return 'yHeader';
    }
    let quoted = false;
    if (ch === '"') {
      stream.next();
      for (let c; (c = stream.next()) != null;) {
        if (c === '\\') stream.next();
        else if (c === '"') break;
      }
      quoted = true;
    } else if (ch === "'") {
      stream.next();
      for (let c; (c = stream.next()) != null;) {
        if (c === "'") {
          if (stream.peek() === "'") stream.next();
          else break;
        }
      }
      quoted = true;
    } else {
      // A plain scalar: up to `: `, ` #`, the end of the line (and, in flow, a bracket or comma).
      const rest = stream.string.slice(stream.pos);
      const m = (flow ? /^(?:[^\s:,\[\]{}#]|:(?![\s,\[\]{}]|$)|[ \t]+(?![\s#:,\[\]{}]|$)|#)+/ : /^(?:[^\s:#]|:(?!\s|$)|[ \t]+(?![\s#:]|$)|#)+/).exec(rest);
      if (!m) { stream.next(); return null; }
      stream.pos += m[0].length;
    }
    // A key: followed by `:` and a space (or the end of the line), where a key can stand.
    const after = stream.string.slice(stream.pos);
    if (state.explicit || (!state.value && /^[ \t]*:(?=\s|$|[,\[\]{}])/.test(after))) return 'yKey';
    return quoted ? 'yString' : 'yValue';
  },
  languageData: { commentTokens: { line: '#' } },
  tokenTable: {
    yKey: t.definition(t.propertyName),
    yString: t.string,
    yValue: t.content,
    yComment: t.lineComment,
    yMeta: t.meta,
    yHeader: t.special(t.string),
    yAnchor: t.labelName,
    yTag: t.typeName,
    yPunct: t.separator,
    yQuestion: t.punctuation,
    yDirective: t.attributeValue,
  },
});

/** Surfaces CodeMirror's base theme colours per light/dark, re-coloured from the page's variables. */
const pageTheme = EditorView.theme({
  '&': { color: 'var(--text)', backgroundColor: 'var(--panel)', height: '100%' },
  '.cm-content': { caretColor: 'var(--text)', fontFamily: 'var(--mono)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--code-bg)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'var(--cm-active-line)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--cm-active-line)', color: 'var(--text)' },
  '.cm-selectionBackground': { backgroundColor: 'var(--cm-selection-blur) !important' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': {
    backgroundColor: 'var(--cm-selection) !important',
  },
  '.cm-content ::selection': { backgroundColor: 'var(--cm-selection)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: 'var(--cm-bracket)', outline: '1px solid var(--accent)' },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--err-soft)', outline: '1px solid var(--err)' },
  '.cm-searchMatch': { backgroundColor: 'var(--cm-search)', outline: '1px solid var(--warn)' },
  '.cm-searchMatch.cm-searchMatch-selected': { backgroundColor: 'var(--cm-search-current)' },
  '.cm-selectionMatch': { backgroundColor: 'var(--cm-selection-match)' },
  '.cm-panels': { backgroundColor: 'var(--code-bg)', color: 'var(--text)' },
  '.cm-panels.cm-panels-top': { borderBottom: '1px solid var(--border)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border)' },
  '.cm-textfield': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '4px' },
  '.cm-button': { backgroundImage: 'none', backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '4px' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '6px' },
  '.cm-diagnostic': { fontFamily: 'var(--sans)', maxWidth: '36rem', whiteSpace: 'pre-wrap' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--err)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warn)' },
  '.cm-diagnostic-info': { borderLeftColor: 'var(--info)' },
});

/** Whether the page is dark right now (style.css sets `color-scheme` on :root for both the media
 * query and the `data-theme` toggle). */
function pageIsDark() {
  return getComputedStyle(document.documentElement).colorScheme.trim() === 'dark';
}

/** Tab inserts two spaces at the cursor (indents the lines of a non-empty selection). Escape then
 * Tab leaves the editor (CodeMirror's tab-focus mode; Ctrl-M toggles it). */
const tabKeys = [
  {
    key: 'Tab',
    preventDefault: true,
    run: (view) => {
      const { state } = view;
      if (state.selection.ranges.some((r) => !r.empty)) return indentMore(view);
      view.dispatch(state.update(state.replaceSelection('  '), { scrollIntoView: true, userEvent: 'input' }));
      return true;
    },
    shift: indentLess,
  },
];

/**
 * The indentation a new line after `before` (the text left of the cursor on its line) takes in
 * YAML: one level (two spaces) deeper after a key that opens a block (`spec:`, `- ports:`, a `|`
 * or `>` scalar), the column of the key after `- key: value` (the next key of that list item),
 * else the same as the line. Comments and trailing spaces do not count.
 */
function yamlIndentAfter(before) {
  const indent = /^ */.exec(before)[0].length;
  // Drop a trailing comment (a `#` after a space; quotes are rare enough on such lines to ignore).
  const code = before.replace(/(^|\s)#.*$/, '').replace(/\s+$/, '');
  if (!code.trim()) return indent;
  // Dashes of (nested) list items: `- `, `- - `; where the item's content starts.
  const dash = /^ *(?:- +)+/.exec(code);
  const content = dash ? dash[0].length : indent;
  if (/:$/.test(code) || /:\s*[|>][-+0-9]*$/.test(code)) return content + 2;
  if (dash && /^[^\s'"{[][^:]*:\s/.test(code.slice(content))) return content;
  return /^ *-$/.test(code) ? indent + 2 : indent;
}

/** Enter: a new line indented for YAML (see `yamlIndentAfter`); trailing spaces of the line are
 * not kept. One undo step, like typing. */
function insertNewlineYaml(view) {
  const { state } = view;
  if (state.readOnly) return false;
  const tr = state.changeByRange((range) => {
    const line = state.doc.lineAt(range.from);
    const before = line.text.slice(0, range.from - line.from);
    const width = yamlIndentAfter(before);
    const keep = before.replace(/\s+$/, '');
    const from = line.from + keep.length;
    const insert = `\n${' '.repeat(width)}`;
    return {
      changes: { from, to: range.to, insert },
      range: EditorSelection.cursor(from + insert.length),
    };
  });
  view.dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input' }));
  return true;
}

/** Comment lines wrap (the examples open with long ones that explain them); YAML lines do not,
 * so their indentation stays readable. */
const commentLine = Decoration.line({ class: 'cm-comment-line' });
function commentLines(view) {
  const marks = [];
  for (const { from, to } of view.visibleRanges) {
    for (let pos = from; pos <= to;) {
      const line = view.state.doc.lineAt(pos);
      if (/^\s*#/.test(line.text)) marks.push(commentLine.range(line.from));
      pos = line.to + 1;
    }
  }
  return Decoration.set(marks);
}
const wrapComments = ViewPlugin.fromClass(class {
  constructor(view) {
    this.decorations = commentLines(view);
    this.measure(view);
  }
  update(u) {
    if (u.docChanged || u.viewportChanged) this.decorations = commentLines(u.view);
    if (u.geometryChanged) this.measure(u.view);
  }
  /** The width comment lines wrap at: what the editor shows of the content, so they wrap on
   * screen even when a YAML line is longer (static/editor.css reads `--cm-comment-width`). */
  measure(view) {
    view.requestMeasure({
      key: this,
      read: (v) => Math.max(0, v.scrollDOM.clientWidth - v.contentDOM.offsetLeft),
      write: (w, v) => v.dom.style.setProperty('--cm-comment-width', `${w}px`),
    });
  }
}, { decorations: (p) => p.decorations });

/** 1-based line and column (in characters, as the engine counts) → document offset, clamped. */
function offsetOf(doc, line, column) {
  const l = doc.line(Math.min(Math.max(1, line | 0), doc.lines));
  let off = 0;
  const text = l.text;
  for (let i = 1; i < column && off < text.length; i++) {
    const c = text.charCodeAt(off);
    off += c >= 0xd800 && c < 0xdc00 && off + 1 < text.length ? 2 : 1;
  }
  return l.from + off;
}

/** The engine's diagnostics → CodeMirror lint diagnostics. */
function toDiagnostics(doc, list) {
  const out = [];
  for (const d of list) {
    const from = offsetOf(doc, d.line, d.column);
    let to = d.endLine > 0 ? offsetOf(doc, d.endLine, d.endColumn) : from;
    if (to <= from) {
      // No usable end: mark to the end of the token (or of the line).
      const line = doc.lineAt(from);
      const rest = line.text.slice(from - line.from);
      const m = /^\S+/.exec(rest);
      to = m ? from + m[0].length : line.to;
    }
    out.push({
      from,
      to: Math.max(from, to),
      severity: d.severity === 'error' || d.severity === 'warning' ? d.severity : 'info',
      source: d.code || undefined,
      message: d.message,
    });
  }
  return out.sort((a, b) => a.from - b.from);
}

/** Smallest single change that turns `old` into `next` (common prefix and suffix kept), so a
 * replacement keeps the cursor and scroll position where the text did not change. */
function diff(old, next) {
  const max = Math.min(old.length, next.length);
  let a = 0;
  while (a < max && old.charCodeAt(a) === next.charCodeAt(a)) a++;
  let b = 0;
  while (b < max - a && old.charCodeAt(old.length - 1 - b) === next.charCodeAt(next.length - 1 - b)) b++;
  return { from: a, to: old.length - b, insert: next.slice(a, next.length - b) };
}

/** Texts from this length on are made into a document in pieces, one per task (see `setText`). */
const BIG_TEXT = 2 << 20;
const PIECE = 256 << 10;

/**
 * Creates the editor in `parent` holding `text`. `onChange(text)` is called after the person edits
 * (at most once per microtask, never from inside a CodeMirror update, never for `setText`).
 */
function create(parent, text, onChange) {
  const dark = new Compartment();
  let pending = false;
  let view;
  // The large text being made into a document; a newer setText or an edit by the person cancels it.
  let building = 0;
  // Diagnostics that came while a large text was being made into a document: shown once it is in.
  let laterDiagnostics = null;
  let inBuild = -1;
  const notify = () => {
    pending = false;
    if (view) onChange(view.state.doc.toString());
  };
  const extensions = [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    EditorState.allowMultipleSelections.of(true),
    EditorState.tabSize.of(2),
    indentUnit.of('  '),
    yamlLines,
    syntaxHighlighting(highlighter),
    bracketMatching(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    search({ top: true }),
    lintGutter(),
    keymap.of([{ key: 'Enter', run: insertNewlineYaml }, ...tabKeys, ...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
    wrapComments,
    pageTheme,
    dark.of(EditorView.darkTheme.of(pageIsDark())),
    // tabindex: the content is where the keyboard scrolls the editor (a contenteditable is focusable
    // anyway; saying so lets checkers such as axe see the scrolling region has focusable content).
    EditorView.contentAttributes.of({
      'aria-label': LABEL, spellcheck: 'false', autocapitalize: 'off', autocorrect: 'off', tabindex: '0',
    }),
    EditorView.updateListener.of((u) => {
      if (!u.docChanged) return;
      if (u.transactions.every((tr) => tr.annotation(external))) return;
      building++;
      if (!pending) {
        pending = true;
        queueMicrotask(notify);
      }
    }),
  ];
  view = new EditorView({ parent, state: EditorState.create({ doc: text, extensions }) });

  // Dispatching from inside an update is not allowed: defer such calls by a microtask.
  const run = (f) => {
    if (!view) return;
    if (view.updateState) queueMicrotask(() => view && f());
    else f();
  };

  // Follow the page's theme: the media query, and the theme toggle's `data-theme` on <html>.
  const media = matchMedia('(prefers-color-scheme: dark)');
  let isDark = pageIsDark();
  const syncTheme = () => {
    const d = pageIsDark();
    if (d !== isDark) {
      isDark = d;
      run(() => view.dispatch({ effects: dark.reconfigure(EditorView.darkTheme.of(d)) }));
    }
  };
  media.addEventListener('change', syncTheme);
  const observer = new MutationObserver(syncTheme);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });

  return {
    /** Replaces the text (a what-if, an example, a share link) as one undoable change. */
    setText(next) {
      const gen = ++building;
      const annotations = [external.of(true), isolateHistory.of('full'), Transaction.userEvent.of('input.replace')];
      if (next.length < BIG_TEXT) {
        run(() => {
          const old = view.state.doc.toString();
          if (old === next) return;
          view.dispatch({ changes: diff(old, next), annotations });
        });
        return;
      }
      // A large text (a cluster dump): its lines are split and joined into a document 256 KB
      // per task, then it replaces the document in one change. Splitting 24 MB into lines at
      // once would hold the page for a fifth of a second or more.
      let doc = null;
      let at = 0;
      const piece = () => {
        if (gen !== building || !view) return;
        let end = Math.min(next.length, at + PIECE);
        if (end < next.length) {
          const nl = next.indexOf('\n', end);
          end = nl < 0 ? next.length : nl + 1;
        }
        const part = Text.of(next.slice(at, end).split(/\r\n?|\n/));
        doc = doc ? doc.append(part) : part;
        at = end;
        if (at < next.length) { setTimeout(piece, 0); return; }
        run(() => {
          if (gen !== building) return;
          inBuild = -1;
          view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc }, annotations });
          const later = laterDiagnostics;
          laterDiagnostics = null;
          if (later !== null) view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, later)));
        });
      };
      laterDiagnostics = null;
      inBuild = gen;
      setTimeout(piece, 0);
    },
    /** `json`: `[{line, column, endLine, endColumn, severity, code, message}]`, 1-based. */
    setDiagnostics(json) {
      run(() => {
        const list = typeof json === 'string' ? JSON.parse(json) : json;
        if (inBuild === building) { laterDiagnostics = list; return; }
        view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, list)));
      });
    },
    /** Moves the cursor to a 1-based line:column, scrolls it into view, focuses the editor. */
    reveal(line, column) {
      run(() => {
        const pos = offsetOf(view.state.doc, line, column);
        // Scroll the line's start to the cursor into view, so a short column shows its indentation.
        const start = view.state.doc.lineAt(pos).from;
        view.dispatch({
          selection: EditorSelection.cursor(pos),
          effects: EditorView.scrollIntoView(EditorSelection.range(start, pos), { y: 'center' }),
          userEvent: 'select.reveal',
        });
        view.focus();
      });
    },
    focus() {
      view?.focus();
    },
    /** The whole text (for tests and debugging; the app gets it through `onChange`). */
    text() {
      return view ? view.state.doc.toString() : '';
    },
    destroy() {
      if (!view) return;
      media.removeEventListener('change', syncTheme);
      observer.disconnect();
      view.destroy();
      view = null;
    },
  };
}

globalThis.svcplayEditor = { create, version: 1 };
dispatchEvent(new Event('svcplay-editor-ready'));
