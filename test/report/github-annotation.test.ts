import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeAnnotationData,
  escapeAnnotationProperty,
  githubAnnotation,
} from '../../src/report/github-annotation.js';

/** What the Actions runner does to a command's message and property values (its unescape). */
const unescapeData = (text: string) => text.replaceAll('%0D', '\r').replaceAll('%0A', '\n').replaceAll('%25', '%');
const unescapeProperty = (text: string) => unescapeData(text.replaceAll('%3A', ':').replaceAll('%2C', ','));

describe('GitHub annotation escaping', () => {
  it('escapes the message: %, carriage return, newline', () => {
    expect(escapeAnnotationData('100% done\r\nnext: a, b')).toBe('100%25 done%0D%0Anext: a, b');
  });

  it('escapes a property value also for : and ,', () => {
    expect(escapeAnnotationProperty('check: f(integer, text) 5%\n')).toBe('check%3A f(integer%2C text) 5%25%0A');
  });

  it('writes one line the runner reads back to the same title and message', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (title, message) => {
        const line = githubAnnotation('warning', title, message);
        expect(line).not.toMatch(/[\r\n]/);
        const match = /^::warning title=([^:,]*)::(.*)$/s.exec(line);
        expect(match).not.toBeNull();
        expect(unescapeProperty(match?.[1] ?? '')).toBe(title);
        expect(unescapeData(match?.[2] ?? '')).toBe(message);
      }),
      { numRuns: 500 },
    );
  });
});
