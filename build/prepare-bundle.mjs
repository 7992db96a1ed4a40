// Two rewrites of the server bundle for build/loader.mjs, from one parse with TypeScript's parser (which says what
// each character is part of):
// 1. Pure ASCII, so that the loader can read it as Latin-1: Node then hands V8 the file's bytes as an external
//    one-byte string (no UTF-8 decoding, no copy into the heap; one character above U+00FF would make the whole 15 MB
//    a two-byte string of 30 MB, decoded at every start). esbuild's default `charset: 'ascii'` escapes strings,
//    identifiers and templates but leaves regular expression literals as written (validator's locale tables, our
//    Norwegian patterns): those are escaped here. A non-ASCII character in a template that esbuild left (String.raw,
//    whose raw text an escape would change) fails the build, to be fixed in its source.
// 2. `import(x)` → `__motebokImport(x)`, a function the loader passes in: on Node 20, a vm.Script compiled from a
//    code cache loses its importModuleDynamically option, and its own import() then throws
//    ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING (what is left of import() in the bundle: MikroORM's and a few libraries'
//    loading of files by path).
import ts from 'typescript';

const NON_ASCII = /[\u0080-\uffff]/;

/** `\uXXXX` for each UTF-16 unit: the same character in a string, and in a regular expression with or without `u`. */
const escapeUnits = (s) => s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The bundle's text, ASCII only, with every dynamic import() calling `importName` instead. */
export function prepareBundle(text, fileName, importName = '__motebokImport') {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  /** [start, end, replacement] in source order. */
  const edits = [];
  const escapable = new Set([ts.SyntaxKind.RegularExpressionLiteral, ts.SyntaxKind.StringLiteral, ts.SyntaxKind.Identifier, ts.SyntaxKind.PrivateIdentifier]);
  const templates = new Set([ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateHead, ts.SyntaxKind.TemplateMiddle, ts.SyntaxKind.TemplateTail]);
  const visit = (node) => {
    if (escapable.has(node.kind) || templates.has(node.kind)) {
      const start = node.getStart(file);
      const s = text.slice(start, node.end);
      if (NON_ASCII.test(s)) {
        if (templates.has(node.kind)) {
          const where = text.slice(Math.max(0, start - 80), Math.min(node.end, start + 120));
          throw new Error(`${fileName}: a non-ASCII character in a template (String.raw?) cannot be escaped safely: ${where}`);
        }
        edits.push([start, node.end, escapeUnits(s)]);
      }
    } else if (node.kind === ts.SyntaxKind.CallExpression && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const start = node.expression.getStart(file);
      edits.push([start, node.expression.end, importName]);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  let out = '';
  let at = 0;
  for (const [start, end, replacement] of edits) {
    out += text.slice(at, start) + replacement;
    at = end;
  }
  out += text.slice(at);
  const left = NON_ASCII.exec(out);
  if (left) throw new Error(`${fileName}: a non-ASCII character outside any literal: ${out.slice(left.index - 80, left.index + 40)}`);
  return out;
}
