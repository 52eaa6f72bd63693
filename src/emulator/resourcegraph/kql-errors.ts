import { ArmError } from '../http/types.js';

/** One entry of Resource Graph's error `details`, after the leading `InvalidQuery` entry. */
export interface KqlErrorDetail {
  code: string;
  message: string;
  line?: number;
  characterPositionInLine?: number;
  token?: string;
}

/**
 * A query Resource Graph refuses. The service answers 400 `BadRequest` whose details start with
 * `InvalidQuery` ("Query is invalid. …") and then name the problem: `ParserFailure` with the offending
 * token and its position, `InvalidQueryLanguage` for a construct it does not run, `UnsupportedJoinFlavor`,
 * or a message naming the operator and the column it could not resolve.
 */
export class KqlError extends Error {
  constructor(readonly detail: KqlErrorDetail) {
    super(detail.message);
    this.name = 'KqlError';
  }

  static parser(token: string, line: number, column: number): KqlError {
    return new KqlError({ code: 'ParserFailure', message: 'ParserFailure', line, characterPositionInLine: column, token });
  }

  /** A construct Kusto has but this service does not run (ARG reports the token, position unknown). */
  static unsupported(token: string): KqlError {
    return new KqlError({ code: 'InvalidQueryLanguage', message: 'InvalidQueryLanguage', line: -1, characterPositionInLine: -1, token });
  }

  static joinFlavor(kind: string): KqlError {
    return new KqlError({ code: 'UnsupportedJoinFlavor', message: `The join kind "${kind}" is not supported or not allowed.` });
  }

  static semantic(message: string): KqlError {
    return new KqlError({ code: 'FailedToResolveExpression', message });
  }

  static unknownTable(name: string): KqlError {
    return new KqlError({ code: 'DisallowedLogicalTableName', message: `Table ${name} is invalid, unsupported or is not allowed.` });
  }
}

/** The 400 answer for a refused query, in Resource Graph's shape. */
export function invalidQuery(error: KqlError, correlationId: string, now: Date): ArmError {
  const details = [
    { code: 'InvalidQuery', message: 'Query is invalid. Please refer to the documentation for the Azure Resource Graph service and fix the error before retrying.' },
    error.detail,
  ];
  return new ArmError(
    400,
    'BadRequest',
    `Please provide below info when asking for support: timestamp = ${now.toISOString()}, correlationId = ${correlationId}.`,
    details as ArmError['details'],
  );
}
