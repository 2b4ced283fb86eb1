/**
 * GitHub Actions workflow commands (`::error title=…::message`), escaped as the runner
 * reads them back: in the message `%`, carriage return and newline; in a property value
 * also `:` and `,`, which would otherwise end the value.
 */

/** The annotation levels GitHub shows on a run and in a pull request's files. */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

/** Escapes a workflow command's message: `%` → `%25`, `\r` → `%0D`, `\n` → `%0A`. */
export function escapeAnnotationData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** Escapes a workflow command's property value: as the message, and `:` → `%3A`, `,` → `%2C`. */
export function escapeAnnotationProperty(text: string): string {
  return escapeAnnotationData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** One annotation line (without its newline): `::level title=…::message`, both parts escaped. */
export function githubAnnotation(level: AnnotationLevel, title: string, message: string): string {
  return `::${level} title=${escapeAnnotationProperty(title)}::${escapeAnnotationData(message)}`;
}
