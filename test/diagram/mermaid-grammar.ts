/** A check of Mermaid erDiagram text against the lines of its grammar (Mermaid's erDiagram.jison) that the writer uses. */
import { expect } from 'vitest';

const NAME = '"[^"%\\r\\n\\v\\b\\\\]+"';
const KEYS = '(PK|FK|UK)(, (PK|FK|UK))*';
/** The lines of Mermaid's erDiagram grammar this writer uses; each other line is a problem. */
const LINE = [
  /^erDiagram$/,
  new RegExp(`^  ${NAME}( \\{)?$`),
  // An attribute: a word Mermaid's lexer reads as one (not a key), a name, keys, a comment without `~`.
  new RegExp(`^    (?!(pk|fk|uk)\\b)[A-Za-z_]\\w* (?!(pk|fk|uk)\\b)[A-Za-z_]\\w* ${KEYS}( "[^"~]*")?$`, 'i'),
  /^ {2}\}$/,
  new RegExp(`^  ${NAME} (\\|\\||\\|o)(--|\\.\\.)(o\\{|o\\|) ${NAME} : "[^"~]*"$`),
  /^ {2}%% [^\n]*$/,
];

/** Lines of a Mermaid erDiagram text that its grammar would not read as this writer means. */
export function mermaidProblems(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .filter((line) => !LINE.some((re) => re.test(line)) || /direction\s+(tb|bt|rl|lr)/i.test(line));
}
