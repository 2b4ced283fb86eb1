import * as z from 'zod';
import type { ExtensibilityLists } from './model-extensibility.js';

/*
 * Validators of the extensibility lists of a snapshot (see model-extensibility.ts),
 * strict like the rest of the file; every list is optional, for snapshots written
 * before it was modelled.
 */

const comment = z.string().optional();
const owner = z.string().optional();
const flag = z.boolean().optional();
const text = z.string();
const optionalText = z.string().optional();
const qualified = { schema: text, name: text };

const operatorMember = z.strictObject({ strategy: z.number(), operator: text, orderFamily: optionalText });
const functionMember = z.strictObject({ number: z.number(), leftType: text, rightType: text, function: text });
const members = { operators: z.array(operatorMember).optional(), functions: z.array(functionMember).optional() };
const finalModify = z.enum(['READ_ONLY', 'SHAREABLE', 'READ_WRITE']).optional();

/** The members of the schema validator for the extensibility lists. */
export const extensibilityValidators = {
  accessMethods: z
    .array(z.strictObject({ name: text, type: z.enum(['TABLE', 'INDEX']), handler: text, comment }))
    .optional(),
  operators: z
    .array(
      z.strictObject({
        ...qualified,
        left: optionalText,
        right: text,
        function: text,
        commutator: optionalText,
        negator: optionalText,
        restrict: optionalText,
        join: optionalText,
        hashes: flag,
        merges: flag,
        dependsOn: z.array(text).optional(),
        comment,
        owner,
      }),
    )
    .optional(),
  operatorFamilies: z.array(z.strictObject({ ...qualified, method: text, ...members, comment, owner })).optional(),
  operatorClasses: z
    .array(
      z.strictObject({
        ...qualified,
        method: text,
        type: text,
        default: flag,
        family: text,
        storage: optionalText,
        ...members,
        comment,
        owner,
      }),
    )
    .optional(),
  aggregates: z
    .array(
      z.strictObject({
        ...qualified,
        identityArguments: text,
        arguments: text,
        returns: text,
        kind: z.enum(['ordered-set', 'hypothetical-set']).optional(),
        stateFunction: text,
        stateType: text,
        stateSpace: z.number().optional(),
        finalFunction: optionalText,
        finalExtra: flag,
        finalModify,
        combineFunction: optionalText,
        serialFunction: optionalText,
        deserialFunction: optionalText,
        initialCondition: optionalText,
        movingStateFunction: optionalText,
        movingInverseFunction: optionalText,
        movingStateType: optionalText,
        movingStateSpace: z.number().optional(),
        movingFinalFunction: optionalText,
        movingFinalExtra: flag,
        movingFinalModify: z.enum(['SHAREABLE', 'READ_WRITE']).optional(),
        movingInitialCondition: optionalText,
        sortOperator: optionalText,
        parallel: z.enum(['SAFE', 'RESTRICTED']).optional(),
        dependsOn: z.array(text).optional(),
        comment,
        owner,
      }),
    )
    .optional(),
  casts: z
    .array(
      z.strictObject({
        source: text,
        target: text,
        method: z.enum(['function', 'inout', 'binary']),
        function: optionalText,
        context: z.enum(['ASSIGNMENT', 'IMPLICIT']).optional(),
        comment,
      }),
    )
    .optional(),
  conversions: z
    .array(
      z.strictObject({
        ...qualified,
        sourceEncoding: text,
        targetEncoding: text,
        function: text,
        default: flag,
        comment,
        owner,
      }),
    )
    .optional(),
  transforms: z
    .array(z.strictObject({ type: text, language: text, fromSql: optionalText, toSql: optionalText, comment }))
    .optional(),
  textSearchParsers: z
    .array(
      z.strictObject({
        ...qualified,
        start: text,
        getToken: text,
        end: text,
        lexTypes: text,
        headline: optionalText,
        comment,
      }),
    )
    .optional(),
  textSearchTemplates: z.array(z.strictObject({ ...qualified, init: optionalText, lexize: text, comment })).optional(),
  textSearchDictionaries: z
    .array(z.strictObject({ ...qualified, template: text, options: optionalText, comment, owner }))
    .optional(),
  textSearchConfigurations: z
    .array(
      z.strictObject({
        ...qualified,
        parser: text,
        mappings: z.array(z.strictObject({ token: text, dictionaries: z.array(text) })),
        comment,
        owner,
      }),
    )
    .optional(),
} satisfies { [L in keyof ExtensibilityLists]-?: z.ZodType<ExtensibilityLists[L]> };
